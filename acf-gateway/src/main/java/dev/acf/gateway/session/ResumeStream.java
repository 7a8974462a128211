package dev.acf.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.json.AcfJson;
import dev.acf.api.session.SessionEvent;
import dev.acf.gateway.server.ChunkTransform;
import dev.acf.gateway.server.StreamedBody;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resumed stream (GW-SESS-1): the events of one task after the caller's {@code Last-Event-ID},
 * read from the store, then — while this gateway relays the task, or another instance sharing the
 * store appends to it — the ones appended after, until the task's final event. Reading the store by sequence makes the seam exact: each event is sent
 * once, whether it was appended before or during the replay. Events keep their stored data, with
 * the JSON-RPC id of the request that resumed them. Runs on a virtual thread. Thread-safe.
 */
final class ResumeStream implements StreamedBody {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeStream.class);
    private static final int BATCH = 64;
    /** How long one wait for a live event lasts before the relay is looked at again. */
    private static final long WAIT_MILLIS = 1000;
    /** How long a stream no instance feeds here waits for another instance's append before it ends. */
    private static final Duration IDLE = Duration.ofSeconds(10);

    private final Sessions sessions;
    private final String taskId;
    private final @Nullable JsonNode requestId;
    private volatile long cursor;
    private volatile @Nullable ClientSink sink;
    private volatile @Nullable ChunkTransform transform;
    private volatile boolean cancelled;

    /**
     * @param after the last sequence the caller has
     * @param requestId the JSON-RPC id the replayed events are given, or null to keep theirs
     */
    ResumeStream(Sessions sessions, String taskId, long after, @Nullable JsonNode requestId) {
        this.sessions = sessions;
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.cursor = after;
        this.requestId = requestId;
    }

    @Override
    public void pipe(Channel client, Consumer<@Nullable Throwable> done) {
        ClientSink s = new ClientSink(client, transform, done);
        sink = s;
        sessions.workers().execute(() -> run(s));
    }

    @Override
    public void transform(ChunkTransform with) {
        transform = with;
    }

    @Override
    public void clientWritable() {
        ClientSink s = sink;
        if (s != null) {
            s.signal();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        ClientSink s = sink;
        if (s != null) {
            s.fail(new CancellationException("client went away"));
        }
    }

    private void run(ClientSink out) {
        try {
            while (!cancelled && !out.ended()) {
                LiveTasks.Live live = sessions.live().get(taskId);
                long seen = live == null ? 0 : live.version();
                List<SessionEvent> batch = sessions.store().eventsAfter(taskId, cursor, BATCH);
                for (SessionEvent e : batch) {
                    if (!out.write(wire(e))) {
                        return;
                    }
                    cursor = e.sequence();
                    if (EventFacts.of(e.data()).last()) {
                        out.end();
                        return;
                    }
                }
                if (!batch.isEmpty()) {
                    continue;
                }
                if (live == null || live.ended()) {
                    // Nobody relays the task here: a shared store wakes this on appends of other instances. When none
                    // comes for a while (or the store cannot tell), the stream ends; the caller may resume again later.
                    if (!sessions.store().awaitAppend(taskId, cursor, IDLE)) {
                        out.end();
                        return;
                    }
                    continue;
                }
                live.awaitChange(seen, WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.fail(e);
        } catch (RuntimeException e) {
            LOG.error("resumed stream of task {} failed", taskId, e);
            out.fail(e);
        }
    }

    private byte[] wire(SessionEvent e) {
        String data = e.data();
        if (requestId != null && data.startsWith("{")) {
            try {
                JsonNode root = AcfJson.readTree(data.getBytes(StandardCharsets.UTF_8));
                if (root instanceof ObjectNode o && o.has("jsonrpc") && !requestId.equals(o.get("id"))) {
                    o.set("id", requestId);
                    data = AcfJson.writeString(o);
                }
            } catch (AcfException ignored) {
                // Not JSON after all: sent as stored.
            }
        }
        String type = e.type().equals("message") ? null : e.type();
        return new SseEvent(e.eventId(), type, data, null).toWire();
    }
}
