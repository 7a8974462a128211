package dev.acf.gateway.session;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.AcfException;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.Route;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.SseParser;
import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionEvent;
import dev.acf.gateway.proxy.AgentProxy;
import dev.acf.gateway.proxy.UpstreamStream;
import dev.acf.gateway.server.ChunkTransform;
import io.netty.channel.Channel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one streaming call's agent events to its caller (GW-SESS-1, GW-SESS-2). The agent's
 * stream is parsed on its event loop and queued; a virtual thread takes each event, keeps a
 * checkpoint in the store instead of passing it on, drops what the caller already has (an
 * {@code acf.seq} not above the last one delivered), appends the rest to the store and writes it
 * to the caller with the store's event id. When the agent's stream ends before the task's final
 * event, the original request goes to another instance of the agent with the last checkpoint,
 * and the caller's stream goes on from the new instance.
 *
 * <pre>
 *   agent --chunks--> [parser, event loop] --queue (pauses agent when full)--> [virtual thread]
 *       checkpoint? -> store.checkpoint      duplicate? -> drop      else -> store.append -> caller
 *   agent stream cut before the final event -> open(original + acf.restore, other endpoints) -> agent'
 * </pre>
 *
 * <p>When the caller goes away the relay keeps reading into the store (a resuming caller finds
 * every event there), unless no event belonged to a task. Thread-safe.
 */
final class TaskRelay implements UpstreamStream {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRelay.class);
    /** Events queued before the agent is paused, and the level at which it resumes. */
    private static final int HIGH = 32;
    private static final int LOW = 8;
    /** The most instances one call is moved to after the first failed. */
    private static final int MAX_FAILOVERS = 3;

    private final Sessions sessions;
    private final Exchange exchange;
    private final Route route;
    private final String agentBase;
    private final boolean redispatchable;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Set<URI> failed = new HashSet<>();
    private volatile @Nullable ClientSink primary;
    private volatile @Nullable ChunkTransform transform;
    private volatile boolean started;
    private volatile boolean callerGone;
    // Touched by the relay thread only, after start.
    private UpstreamStream upstream;
    private Endpoint endpoint;
    private Feed feed;
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
    private @Nullable String taskId;
    private @Nullable String contextId;
    private LiveTasks.@Nullable Live live;
    private long delivered;
    private boolean finished;
    private int failovers;

    private sealed interface Item permits Event, Raw, End, Stop {}

    private record Event(Feed from, SseEvent event) implements Item {}

    private record Raw(Feed from, byte[] wire) implements Item {}

    private record End(Feed from, @Nullable Throwable failure) implements Item {}

    private record Stop() implements Item {}

    /**
     * @param exchange the call as it reached the proxy, for sending again
     * @param opened the agent's first answer, an event stream
     * @param redispatchable whether the call may be sent to another instance (a message send)
     * @param taskId the task, when the call names it (a subscription), else learnt from the events
     * @param delivered the last {@code acf.seq} the caller already has
     */
    TaskRelay(Sessions sessions, Exchange exchange, Route route, String agentBase, AgentProxy.Opened opened, boolean redispatchable,
            @Nullable String taskId, long delivered) {
        this.sessions = sessions;
        this.exchange = exchange;
        this.route = route;
        this.agentBase = agentBase;
        this.redispatchable = redispatchable;
        this.upstream = java.util.Objects.requireNonNull(opened.body(), "a relay needs a streamed body");
        this.endpoint = opened.endpoint();
        this.feed = new Feed(upstream);
        this.delivered = delivered;
        if (taskId != null) {
            bind(taskId, null);
        }
    }

    /** The current agent stream's parser; a new one per instance so a torn event of a dead one is dropped. */
    private final class Feed implements UpstreamStream.Reader, SseParser.Sink {
        private final SseParser parser = new SseParser(sessions.maxEventBytes(), this);
        private final UpstreamStream source;

        Feed(UpstreamStream source) {
            this.source = source;
        }

        @Override
        public void chunk(byte[] bytes) {
            try {
                parser.feed(bytes);
            } catch (AcfException e) {
                LOG.warn("request {}: agent event stream cut: {}", exchange.requestId(), e.getMessage());
                queue.add(new End(this, e));
                source.cancel();
                return;
            }
            // On the event loop: the pause takes effect before a resume the relay thread may ask for next.
            if (queue.size() >= HIGH && paused.compareAndSet(false, true)) {
                source.pause();
            }
        }

        @Override
        public void end(@Nullable Throwable failure) {
            queue.add(new End(this, failure));
        }

        @Override
        public void event(SseEvent event) {
            queue.add(new Event(this, event));
        }

        @Override
        public void comment(String text) {
            queue.add(new Raw(this, (":" + text + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    // The caller side (StreamedBody): called by the transport.

    @Override
    public void pipe(Channel client, Consumer<@Nullable Throwable> done) {
        primary = new ClientSink(client, transform, done);
        begin();
    }

    @Override
    public void transform(ChunkTransform with) {
        transform = with;
    }

    @Override
    public void clientWritable() {
        ClientSink sink = primary;
        if (sink != null) {
            sink.signal();
        }
    }

    @Override
    public void cancel() {
        callerGone = true;
        ClientSink sink = primary;
        if (sink != null) {
            sink.fail(new CancellationException("client went away"));
        }
        if (!started) {
            // Never piped (a filter replaced the answer): nobody will read this stream.
            upstream.cancel();
        } else {
            queue.add(new Stop());
        }
    }

    /** Starts relaying with no caller attached: every event goes to the store for resuming callers. */
    void detached() {
        callerGone = true;
        begin();
    }

    @Override
    public void read(UpstreamStream.Reader reader) {
        throw new UnsupportedOperationException("a relay is piped to its caller");
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    private synchronized void begin() {
        if (started) {
            return;
        }
        started = true;
        upstream.read(feed);
        sessions.workers().execute(this::run);
    }

    // The relay thread.

    private void run() {
        Throwable cut = null;
        try {
            while (true) {
                Item item = queue.take();
                if (queue.size() <= LOW && paused.compareAndSet(true, false)) {
                    upstream.resume();
                }
                if (item instanceof Stop) {
                    if (taskId == null || finished) {
                        break;
                    }
                    continue;
                }
                if (item instanceof Event e && e.from == feed && !finished) {
                    handle(e.event);
                } else if (item instanceof Raw r && r.from == feed && !finished) {
                    toCaller(r.wire);
                } else if (item instanceof End end && end.from == feed) {
                    if (finished) {
                        break;
                    }
                    // A task's stream that ends before its final event lost its agent instance, cleanly closed or not.
                    boolean lost = end.failure != null || taskId != null;
                    if (lost && !callerGoneWithoutTask() && failover(end.failure)) {
                        continue;
                    }
                    cut = end.failure;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cut = e;
        } catch (RuntimeException e) {
            LOG.error("request {}: the session relay failed", exchange.requestId(), e);
            cut = e;
        } finally {
            close(cut);
        }
    }

    private boolean callerGoneWithoutTask() {
        return callerGone && taskId == null;
    }

    private void handle(SseEvent event) throws InterruptedException {
        EventFacts facts = EventFacts.of(event.data());
        String task = facts.taskId();
        if (task == null || (taskId != null && !task.equals(taskId))) {
            // Not an event of this stream's task: passed on as the agent wrote it, not kept.
            toCaller(event.toWire());
            if (facts.last() && task == null) {
                finish();
            }
            return;
        }
        if (taskId == null) {
            bind(task, facts.contextId());
        } else if (contextId == null && facts.contextId() != null) {
            contextId = facts.contextId();
            sessions.store().link(contextId, task);
        }
        if (facts.isCheckpoint()) {
            sessions.store().checkpoint(new Checkpoint(task, facts.sequence(), facts.checkpointState(), sessions.clock().instant()));
            delivered = Math.max(delivered, facts.sequence());
            return;
        }
        if (facts.sequence() > 0 && facts.sequence() <= delivered) {
            LOG.debug("request {}: task {} event {} already delivered, dropped", exchange.requestId(), task, facts.sequence());
            return;
        }
        delivered = Math.max(delivered, facts.sequence());
        String type = event.event() == null ? "message" : event.event();
        SessionEvent stored = sessions.store().append(task, type, event.data() == null ? "" : event.data());
        if (live != null) {
            live.changed();
        }
        toCaller(new SseEvent(stored.eventId(), event.event(), event.data(), event.retry()).toWire());
        if (facts.last()) {
            finish();
        }
    }

    /** The task's final event went out: the caller's stream ends now, whenever the agent closes its own. */
    private void finish() {
        finished = true;
        ClientSink sink = primary;
        if (sink != null) {
            sink.end();
        }
    }

    private void bind(String task, @Nullable String context) {
        taskId = task;
        contextId = context;
        LiveTasks.Live registered = sessions.live().start(task);
        // Another relay of the same task here (a caller sent to a running task): this one still keeps its events.
        live = registered != null ? registered : new LiveTasks.Live();
        if (context != null) {
            sessions.store().link(context, task);
        }
    }

    private void toCaller(byte[] wire) throws InterruptedException {
        ClientSink sink = primary;
        if (sink == null || callerGone) {
            return;
        }
        if (!sink.write(wire)) {
            callerGone = true;
            if (taskId == null) {
                queue.add(new Stop());
            }
        }
    }

    /** Moves the call to another instance; returns false when there is none or the call may not be repeated. */
    private boolean failover(@Nullable Throwable failure) {
        if (failure != null) {
            sessions.proxy().failed(endpoint);
        }
        failed.add(endpoint.url());
        if (!redispatchable || failovers >= MAX_FAILOVERS) {
            return false;
        }
        failovers++;
        Checkpoint checkpoint = taskId == null ? null : sessions.store().lastCheckpoint(taskId).orElse(null);
        Exchange again = taskId == null ? exchange
                : exchange.withRequest(RestoreRequest.restore(exchange.request(), taskId, contextId, checkpoint, delivered));
        AgentProxy.Opened opened;
        try {
            opened = sessions.proxy().open(again, route, agentBase, Set.copyOf(failed));
        } catch (AcfException e) {
            LOG.info("request {}: the stream of {} was cut and no other instance took it: {}", exchange.requestId(), route.target(),
                    e.getMessage());
            return false;
        }
        UpstreamStream body = opened.body();
        boolean stream = opened.response().status() == 200 && opened.response().headers().first("content-type").orElse("")
                .toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        if (body == null || !stream) {
            if (body != null) {
                body.cancel();
            }
            LOG.info("request {}: another instance of {} refused to continue task {} (status {})", exchange.requestId(), route.target(),
                    taskId, opened.response().status());
            return false;
        }
        LOG.info("request {}: the stream of {} was cut ({}); task {} continues on another instance from checkpoint {}",
                exchange.requestId(), route.target(), failure == null ? "closed early" : failure.toString(), taskId,
                checkpoint == null ? 0 : checkpoint.sequence());
        upstream = body;
        endpoint = opened.endpoint();
        feed = new Feed(body);
        paused.set(false);
        queue.removeIf(i -> !(i instanceof Stop));
        upstream.read(feed);
        return true;
    }

    private void close(@Nullable Throwable cut) {
        if (live != null && taskId != null) {
            sessions.live().end(taskId, live);
        }
        upstream.cancel();
        ClientSink sink = primary;
        if (sink != null) {
            if (cut == null) {
                sink.end();
            } else {
                sink.fail(cut);
            }
        }
    }
}
