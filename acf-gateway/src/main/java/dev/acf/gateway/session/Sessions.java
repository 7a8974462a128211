package dev.acf.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.A2aMethod;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.gateway.Route;
import dev.acf.api.session.SessionEvent;
import dev.acf.api.session.SessionStore;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.pipeline.ErrorResponses;
import dev.acf.gateway.pipeline.RequestScope;
import dev.acf.gateway.proxy.AgentProxy;
import dev.acf.gateway.proxy.UpstreamStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's session layer, between the routes and the proxy: streaming A2A calls
 * ({@code SendStreamingMessage}/{@code message/stream}, {@code SubscribeToTask}/{@code tasks/resubscribe})
 * are relayed event by event through the {@link SessionStore} — numbered, kept, checkpoints taken
 * out, failed over to another instance of the agent when the serving one dies — and a call with a
 * gateway {@code Last-Event-ID} is answered from the store and the live relay. Every other call goes
 * to the proxy unchanged, except that the restore marks only the gateway may set
 * ({@code ACF-Checkpoint}, {@code acf.restore}) are removed from what callers send.
 *
 * <p>A session is a task: its id is the A2A task id, its event ids are {@code <taskId>:<n>}.
 * Called on the request's virtual thread; relays and resumed streams run on virtual threads of
 * their own. Thread-safe.
 *
 * <pre>{@code
 * Sessions sessions = new Sessions(EmbeddedSessionStore.builder().build(), proxy, 1024 * 1024);
 * Exchange.Response r = sessions.forward(exchange, route, agentBase, scope);
 * }</pre>
 */
public final class Sessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final int TASK_NOT_FOUND = -32001;

    private final SessionStore store;
    private final AgentProxy proxy;
    private final int maxEventBytes;
    private final Clock clock;
    private final LiveTasks live = new LiveTasks();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-session-", 0).factory());

    /**
     * @param store where events and checkpoints are kept; not closed by this
     * @param maxEventBytes the largest agent event parsed; a larger one cuts its stream
     */
    public Sessions(SessionStore store, AgentProxy proxy, int maxEventBytes) {
        this.store = Objects.requireNonNull(store, "store");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
        this.clock = Clock.systemUTC();
    }

    /** A gateway event id, {@code <taskId>:<n>}. */
    record EventId(String taskId, long sequence) {
        static Optional<EventId> parse(@Nullable String value) {
            if (value == null) {
                return Optional.empty();
            }
            String v = value.trim();
            int colon = v.lastIndexOf(':');
            if (colon <= 0 || colon == v.length() - 1 || v.length() - colon > 19) {
                return Optional.empty();
            }
            for (int i = colon + 1; i < v.length(); i++) {
                if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                    return Optional.empty();
                }
            }
            return Optional.of(new EventId(v.substring(0, colon), Long.parseLong(v.substring(colon + 1))));
        }
    }

    /**
     * Forwards one routed call: relays a streaming A2A call, resumes one that names a gateway event
     * id in {@code Last-Event-ID}, proxies anything else.
     *
     * @throws dev.acf.api.error.UnavailableException as the proxy does
     */
    public Exchange.Response forward(Exchange exchange, Route route, String agentBase, RequestScope scope) {
        Exchange clean = exchange.withRequest(RestoreRequest.fromCaller(exchange.request()));
        String method = exchange.attribute(ExchangeAttributes.A2A_METHOD, String.class).orElse(null);
        Optional<A2aMethod> a2a = method == null ? Optional.empty() : A2aMethod.fromWireName(method);
        if (a2a.isEmpty() || !a2a.get().isStreaming() || !clean.request().method().equals("POST")) {
            return proxy.forward(clean, route, agentBase, scope);
        }
        boolean subscribe = a2a.get() == A2aMethod.SUBSCRIBE_TO_TASK;
        String named = exchange.attribute(ExchangeAttributes.TASK_ID, String.class).orElse(null);
        Optional<EventId> resumeFrom = EventId.parse(clean.request().headers().first("last-event-id").orElse(null));
        if (resumeFrom.isPresent()) {
            EventId from = resumeFrom.get();
            JsonNode rpcId = RestoreRequest.id(clean.request());
            if (named != null && !named.equals(from.taskId())) {
                return ErrorResponses.jsonRpc(ErrorCode.INVALID_REQUEST, -32602, "Last-Event-ID " + from.taskId() + ":" + from.sequence()
                        + " names another task than the request (" + named + ")", rpcId, exchange.requestId());
            }
            if (known(from.taskId())) {
                return resume(clean, route, agentBase, scope, from, method);
            }
            if (!subscribe) {
                return ErrorResponses.jsonRpc(ErrorCode.NOT_FOUND, TASK_NOT_FOUND, "no events of task " + from.taskId()
                        + " are kept here any more; subscribe to the task to follow it", rpcId, exchange.requestId());
            }
            // A subscription to a task this gateway has no events of: the agent's own stream, relayed from now on.
            clean = clean.withRequest(new Exchange.Request(clean.request().method(), clean.request().path(),
                    clean.request().headers().without("last-event-id"), clean.request().body()));
        }
        if (subscribe && named != null && live.get(named) != null) {
            // This gateway relays the task already: the subscriber follows that relay from now on, with no second agent stream.
            long now = store.lastEvent(named).map(SessionEvent::sequence).orElse(0L);
            return resume(clean, route, agentBase, scope, new EventId(named, now), method);
        }
        AgentProxy.Opened opened = proxy.open(clean, route, agentBase, Set.of());
        UpstreamStream body = opened.body();
        if (body == null) {
            return opened.response();
        }
        if (!isEventStream(opened.response())) {
            scope.attachStream(opened.response().status(), body);
            return opened.response();
        }
        TaskRelay relay = new TaskRelay(this, clean, route, agentBase, opened, !subscribe, subscribe ? named : null,
                named == null ? 0 : lastAgentSequence(named));
        scope.attachStream(opened.response().status(), relay);
        return new Exchange.Response(opened.response().status(), opened.response().headers().without("content-length"), Body.empty());
    }

    /**
     * Forwards a call the session layer only passes on (not a streaming A2A call) without
     * blocking, as {@link #forward} would; returns {@code null} for a call it must relay or resume,
     * which goes through {@link #forward} on a virtual thread instead.
     */
    public @Nullable CompletableFuture<Exchange.Response> forwardAsync(Exchange exchange, Route route, String agentBase,
            RequestScope scope) {
        String method = exchange.attribute(ExchangeAttributes.A2A_METHOD, String.class).orElse(null);
        Optional<A2aMethod> a2a = method == null ? Optional.empty() : A2aMethod.fromWireName(method);
        if (a2a.isPresent() && a2a.get().isStreaming() && exchange.request().method().equals("POST")) {
            return null;
        }
        return proxy.forwardAsync(exchange.withRequest(RestoreRequest.fromCaller(exchange.request())), route, agentBase, scope);
    }

    private boolean known(String taskId) {
        return live.get(taskId) != null || store.lastEvent(taskId).isPresent();
    }

    private Exchange.Response resume(Exchange clean, Route route, String agentBase, RequestScope scope, EventId from, String method) {
        String task = from.taskId();
        if (live.get(task) == null) {
            boolean over = store.lastEvent(task).map(e -> EventFacts.of(e.data()).last()).orElse(false);
            if (!over) {
                follow(clean, route, agentBase, task, method);
            }
        }
        scope.attachStream(200, new ResumeStream(this, task, from.sequence(), RestoreRequest.id(clean.request())));
        return new Exchange.Response(200, HttpHeaders.of("content-type", "text/event-stream").with("cache-control", "no-cache"),
                Body.empty());
    }

    /**
     * Subscribes to a task whose relay is not here (the gateway restarted, another instance relayed
     * it and died): its next events are kept. An agent that numbers its events is asked, with
     * {@code Last-Event-ID}, for those after the last one the store has, so that what it streamed
     * while no gateway listened is not lost; the relay drops any it sends twice.
     */
    private void follow(Exchange clean, Route route, String agentBase, String task, String method) {
        long after = lastAgentSequence(task);
        Exchange.Request request = RestoreRequest.subscribe(clean.request(), method, task);
        if (after > 0) {
            request = new Exchange.Request(request.method(), request.path(), request.headers().with("last-event-id", Long.toString(after)),
                    request.body());
        }
        Exchange subscription = clean.withRequest(request);
        try {
            AgentProxy.Opened opened = proxy.open(subscription, route, agentBase, Set.of());
            UpstreamStream body = opened.body();
            if (body != null && isEventStream(opened.response())) {
                new TaskRelay(this, subscription, route, agentBase, opened, false, task, after).detached();
            } else if (body != null) {
                body.cancel();
            }
        } catch (AcfException e) {
            LOG.debug("task {}: the agent cannot be subscribed to; the caller gets the kept events only: {}", task, e.getMessage());
        }
    }

    /** The last {@code acf.seq} of a task the store has seen, as event or checkpoint. */
    private long lastAgentSequence(String task) {
        long fromEvent = store.lastEvent(task).map(SessionEvent::data).map(d -> EventFacts.of(d).sequence()).orElse(0L);
        long fromCheckpoint = store.lastCheckpoint(task).map(c -> c.sequence()).orElse(0L);
        return Math.max(fromEvent, fromCheckpoint);
    }

    private static boolean isEventStream(Exchange.Response response) {
        return response.status() == 200
                && response.headers().first("content-type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    /** Returns the store. */
    public SessionStore store() {
        return store;
    }

    LiveTasks live() {
        return live;
    }

    AgentProxy proxy() {
        return proxy;
    }

    ExecutorService workers() {
        return workers;
    }

    int maxEventBytes() {
        return maxEventBytes;
    }

    Clock clock() {
        return clock;
    }

    /** Stops every relay and resumed stream (their callers see the stream cut); leaves the store open. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
