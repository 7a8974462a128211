package dev.acf.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.JsonRpcResponse;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.StreamResponse;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskArtifactUpdateEvent;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one A2A stream ({@code SendStreamingMessage} or {@code SubscribeToTask}), read
 * as they arrive. When the connection breaks before the agent ends the stream, the stream
 * resumes by itself: it subscribes to the task again with {@code Last-Event-ID} set to the last
 * event received, so the agent (or the gateway) sends only the missed events — none twice, none
 * lost as long as the agent still holds them. The message is never sent again. It gives up
 * after {@code maxReconnects} failed attempts in a row with an {@link UnavailableException}.
 *
 * <p>A JSON-RPC error inside the stream is thrown by {@link #hasNext()} as its typed exception.
 * Not thread-safe: one reader; {@link #close()} may be called from any thread and is idempotent.
 *
 * <pre>{@code
 * try (EventStream events = agent.stream(AgentChannel.userMessage("Diagnose line 17"))) {
 *     while (events.hasNext()) {
 *         switch (events.next()) {
 *             case TaskStatusUpdateEvent s -> log.info("{}", s.status().state());
 *             case TaskArtifactUpdateEvent a -> save(a.artifact());
 *             case Task t -> log.info("task {}", t.id());
 *             case Message m -> log.info("answer {}", m);
 *         }
 *     }
 * }
 * }</pre>
 */
public final class EventStream implements Iterator<StreamEvent>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final AgentChannel channel;
    private volatile @Nullable Response response;
    private @Nullable SseReader reader;
    private @Nullable StreamEvent pending;
    private @Nullable String taskId;
    private @Nullable String lastEventId;
    private int reconnects;
    private boolean ended;
    private volatile boolean closed;

    EventStream(AgentChannel channel, Response response, @Nullable String taskId, @Nullable String lastEventId) {
        this.channel = channel;
        this.response = response;
        this.reader = new SseReader(response.body().source());
        this.taskId = taskId;
        this.lastEventId = lastEventId;
    }

    /**
     * Returns whether another event comes, waiting for it.
     *
     * @throws AcfException the typed JSON-RPC error the agent streamed, or {@code unavailable}
     *     when the stream broke and could not be resumed
     */
    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        int failures = 0;
        while (!ended && !closed) {
            try {
                SseReader r = reader;
                SseReader.Frame frame = r == null ? null : r.next();
                if (frame == null) {
                    ended = true;
                    break;
                }
                if (frame.id() != null) {
                    lastEventId = frame.id();
                }
                pending = event(frame.data());
                return true;
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                release();
                failures = resume(e, failures);
            }
        }
        release();
        return false;
    }

    /** Reconnects once; returns the failures in a row so far. */
    private int resume(IOException cause, int failures) {
        String task = taskId;
        String after = lastEventId;
        A2aTransport.Settings settings = channel.transport().settings();
        if (task == null || after == null) {
            ended = true;
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "the stream from " + channel.agent()
                    + " broke before its first event, so it cannot be resumed: " + cause.getMessage(), cause);
        }
        while (!closed) {
            if (failures >= settings.maxReconnects()) {
                ended = true;
                throw new UnavailableException(ErrorCode.UNAVAILABLE, "the stream of task " + task + " from " + channel.agent()
                        + " broke and " + failures + " attempts to resume it failed: " + cause.getMessage(), cause);
            }
            channel.transport().pause(failures);
            try {
                Response resumed = channel.openStream(channel.subscription(task, after));
                response = resumed;
                reader = new SseReader(resumed.body().source());
                reconnects++;
                LOG.debug("stream of task {} from {} resumed after event {}", task, channel.agent(), after);
                return 0;
            } catch (UnavailableException e) {
                failures++;
            }
        }
        return failures;
    }

    private StreamEvent event(String data) {
        JsonRpcResponse rpc;
        try {
            rpc = A2aJson.read(data, JsonRpcResponse.class);
        } catch (AcfException e) {
            ended = true;
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + channel.agent() + " streamed an event that is not "
                    + "a JSON-RPC response: " + e.getMessage());
        }
        if (rpc.error() != null) {
            ended = true;
            throw A2aErrors.toException(rpc.error(), channel.agent().toString());
        }
        JsonNode result = rpc.result();
        if (result == null) {
            ended = true;
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + channel.agent() + " streamed an event without a result");
        }
        StreamEvent event = channel.convert(result, StreamResponse.class).event();
        switch (event) {
            case Task task -> taskId = task.id();
            case TaskStatusUpdateEvent update -> taskId = update.taskId();
            case TaskArtifactUpdateEvent update -> taskId = update.taskId();
            default -> { }
        }
        return event;
    }

    /** Returns the next event, waiting for it. */
    @Override
    public StreamEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        StreamEvent event = pending;
        pending = null;
        return event;
    }

    /** Reads every remaining event and closes the stream. */
    public List<StreamEvent> toList() {
        List<StreamEvent> all = new ArrayList<>();
        try (this) {
            forEachRemaining(all::add);
        }
        return all;
    }

    /** Returns the task streamed, once an event named it. */
    public Optional<String> taskId() {
        return Optional.ofNullable(taskId);
    }

    /** Returns the id of the last event received, which a resumption sends as {@code Last-Event-ID}. */
    public Optional<String> lastEventId() {
        return Optional.ofNullable(lastEventId);
    }

    /** Returns how many times the stream was resumed after a broken connection. */
    public int reconnects() {
        return reconnects;
    }

    private void release() {
        Response r = response;
        if (r != null) {
            r.close();
        }
    }

    /** Stops reading and releases the connection. */
    @Override
    public void close() {
        closed = true;
        release();
    }
}
