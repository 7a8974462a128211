package dev.acf.ans.graph;

import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.monitor.Monitor;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.InteractionFeed;
import dev.acf.api.monitor.Suspension;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.PermissionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interaction graph of an ANS (ANS-MON-1, ANS-MON-2), built from the gateways' audit events:
 * one {@link EdgeSeries} per caller and callee (bounded: 10 s buckets for an hour, 5 min buckets
 * to 24 h, at most {@code maxEdges} edges; events past the bound are dropped and counted).
 * Nodes take their status from the registry and the suspensions in force, edges their
 * {@code granted} flag from the grant policy, and the anomalies gateways reported are attached
 * to their edge.
 *
 * <p>Events arrive in-process (this class is the {@link AuditSink} and {@link InteractionFeed} a
 * gateway embedded with the ANS is given) or through {@code POST /v1/graph/events}. Recording
 * takes a per-edge lock only, never I/O. Changes reach {@link GraphSubscription}s: calls mark
 * their edge and both nodes, anomalies and suspensions (from {@link Monitor}) and agent events
 * (revocations) mark their nodes. Thread-safe.
 *
 * <pre>{@code
 * GatewayServer.builder().lookup(ans.lookup()).interactionFeed(ans.graph());
 * GraphSnapshot last5 = ans.graph().snapshot(Duration.ofMinutes(5));
 * }</pre>
 */
public final class InteractionGraph implements AuditSink, InteractionFeed {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionGraph.class);
    /** The audit event type of a call through a gateway. */
    public static final String CALL = "a2a.call";
    /** The widest window. */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(EdgeSeries.RETENTION_SECONDS);
    /** The default edge bound. */
    public static final int DEFAULT_MAX_EDGES = 1_000;
    private static final int ANOMALY_SCAN = 10_000;

    private final Clock clock;
    private final RegistryStore store;
    private final Monitor monitor;
    private final Supplier<? extends PermissionPolicy> policy;
    private final int maxEdges;
    private final ConcurrentHashMap<EdgeKey, EdgeSeries> edges = new ConcurrentHashMap<>();
    private final List<GraphSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final List<AutoCloseable> following = new ArrayList<>();
    private volatile TrustSource trust = TrustSource.NONE;

    /**
     * Creates the graph and starts following the monitor's anomalies and suspensions and the
     * agent events.
     *
     * @param policy the grant policy in force (read at each query: grants change)
     * @param maxEdges the most edges kept
     */
    public InteractionGraph(Clock clock, RegistryStore store, Monitor monitor, Supplier<? extends PermissionPolicy> policy,
            AgentEvents events, int maxEdges) {
        if (maxEdges < 1) {
            throw new IllegalArgumentException("maxEdges must be positive, was " + maxEdges);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.maxEdges = maxEdges;
        following.add(monitor.listen(new Monitor.Listener() {
            @Override
            public void anomaly(AnomalyEvent anomaly) {
                GraphAnomaly seen = GraphAnomaly.of(anomaly);
                EdgeKey key = anomaly.target() == null ? null : new EdgeKey(anomaly.caller(), anomaly.target());
                for (GraphSubscription s : subscriptions) {
                    s.anomaly(seen);
                    if (key != null) {
                        s.edgeChanged(key);
                    }
                    s.nodeChanged(anomaly.caller());
                }
            }

            @Override
            public void suspension(Suspension suspension, boolean inForce) {
                nodeChanged(suspension.caller());
            }
        }));
        following.add(events.subscribe(this::agentChanged));
    }

    /** Sets where nodes get their trust summary (ANS-MON-3); default {@link TrustSource#NONE}. */
    public void trustSource(TrustSource value) {
        this.trust = Objects.requireNonNull(value, "trust");
    }

    /** Records one audit event; anything but a call between two named parties is ignored. Never blocks on I/O, never throws. */
    @Override
    public void accept(AuditEvent event) {
        try {
            record(event);
        } catch (RuntimeException e) {
            LOG.warn("cannot record audit event {} in the graph", event.requestId(), e);
        }
    }

    /** Records a batch of audit events (see {@link #accept}). */
    @Override
    public void report(List<AuditEvent> events) {
        events.forEach(this::accept);
    }

    private void record(AuditEvent event) {
        String caller = event.source();
        String callee = event.destination();
        if (!CALL.equals(event.type()) || caller == null || callee == null || caller.isBlank() || callee.isBlank()) {
            return;
        }
        Instant now = clock.instant();
        EdgeKey key = new EdgeKey(caller, callee);
        boolean error = !"ok".equals(event.outcome());
        boolean[] counted = {false};
        edges.compute(key, (k, series) -> {
            EdgeSeries s = series;
            if (s == null) {
                if (edges.size() >= maxEdges) {
                    return null;
                }
                s = new EdgeSeries();
            }
            counted[0] = s.add(event.time(), error, Math.max(0, event.latencyMicros()), event.method(), now);
            return s;
        });
        if (!counted[0]) {
            dropped.incrementAndGet();
            return;
        }
        recorded.incrementAndGet();
        for (GraphSubscription s : subscriptions) {
            s.edgeChanged(key);
            s.nodeChanged(caller);
            s.nodeChanged(callee);
        }
    }

    private void agentChanged(AgentEvent event) {
        AgentName name = event.agent().name();
        Set<String> known = nodeNames();
        boolean any = false;
        for (String candidate : List.of(name.toString(), name.withoutVersion().toString())) {
            if (known.contains(candidate)) {
                nodeChanged(candidate);
                any = true;
            }
        }
        if (!any) {
            nodeChanged(name.toString());
        }
    }

    /** Tells every subscription that a node changed (its status: a suspension, a revocation). */
    public void nodeChanged(String name) {
        for (GraphSubscription s : subscriptions) {
            s.nodeChanged(name);
        }
    }

    /** Returns the time now, by the ANS clock. */
    public Instant now() {
        return clock.instant();
    }

    /** Returns how many calls were recorded since the start. */
    public long recorded() {
        return recorded.get();
    }

    /** Returns how many calls were dropped: older than 24 h, or a new edge past the edge bound. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Returns the graph over the last {@code window}: edges with calls or anomalies in it, their
     * nodes, by name.
     *
     * @throws IllegalArgumentException when the window is not positive or longer than {@link #MAX_WINDOW}
     */
    public GraphSnapshot snapshot(Duration window) {
        checkWindow(window);
        Instant now = clock.instant();
        Instant from = now.minus(window);
        Map<EdgeKey, List<AnomalyEvent>> anomalies = new HashMap<>();
        Map<String, Long> anomaliesByCaller = new HashMap<>();
        for (AnomalyEvent a : monitor.anomalies(from, null, ANOMALY_SCAN)) {
            anomaliesByCaller.merge(a.caller(), 1L, Long::sum);
            if (a.target() != null) {
                anomalies.computeIfAbsent(new EdgeKey(a.caller(), a.target()), k -> new ArrayList<>()).add(a);
            }
        }
        List<GraphEdge> out = new ArrayList<>();
        Map<String, long[]> traffic = new HashMap<>();
        Set<EdgeKey> keys = new java.util.HashSet<>(edges.keySet());
        keys.addAll(anomalies.keySet());
        for (EdgeKey key : keys) {
            EdgeSeries series = edges.get(key);
            if (series != null && series.isEmpty(now)) {
                edges.computeIfPresent(key, (k, s) -> s.isEmpty(now) ? null : s);
            }
            GraphEdge edge = edge(key, series, from, now, anomalies.getOrDefault(key, List.of()));
            if (edge.calls() == 0 && edge.anomalies().isEmpty()) {
                continue;
            }
            out.add(edge);
            traffic.computeIfAbsent(key.caller(), k -> new long[2])[1] += edge.calls();
            traffic.computeIfAbsent(key.callee(), k -> new long[2])[0] += edge.calls();
        }
        anomaliesByCaller.keySet().forEach(caller -> traffic.computeIfAbsent(caller, k -> new long[2]));
        out.sort(Comparator.comparing(GraphEdge::caller).thenComparing(GraphEdge::callee));
        List<GraphNode> nodes = new ArrayList<>();
        for (String name : new TreeSet<>(traffic.keySet())) {
            long[] t = traffic.get(name);
            nodes.add(node(name, t[0], t[1], anomaliesByCaller.getOrDefault(name, 0L)));
        }
        return new GraphSnapshot(window.toString(), from, now, nodes, out);
    }

    /** Materializes a subscription's changed keys over its window. */
    GraphSubscription.Changes materialize(List<EdgeKey> keys, List<String> names, List<GraphAnomaly> anomalies, Duration window) {
        Instant now = clock.instant();
        Instant from = now.minus(window);
        List<GraphEdge> changed = new ArrayList<>(keys.size());
        for (EdgeKey key : keys) {
            List<AnomalyEvent> onEdge = monitor.anomalies(from, key.caller(), ANOMALY_SCAN).stream()
                    .filter(a -> key.callee().equals(a.target())).toList();
            changed.add(edge(key, edges.get(key), from, now, onEdge));
        }
        List<GraphNode> nodes = new ArrayList<>(names.size());
        for (String name : names) {
            long in = 0;
            long out = 0;
            for (Map.Entry<EdgeKey, EdgeSeries> e : edges.entrySet()) {
                if (e.getKey().callee().equals(name)) {
                    in += e.getValue().since(from, now).calls;
                }
                if (e.getKey().caller().equals(name)) {
                    out += e.getValue().since(from, now).calls;
                }
            }
            nodes.add(node(name, in, out, monitor.anomalies(from, name, ANOMALY_SCAN).size()));
        }
        return new GraphSubscription.Changes(changed, nodes, anomalies);
    }

    /** Starts following the changes over a window; close the subscription when done. */
    public GraphSubscription subscribe(Duration window) {
        checkWindow(window);
        GraphSubscription s = new GraphSubscription(this, window);
        subscriptions.add(s);
        return s;
    }

    void unsubscribe(GraphSubscription s) {
        subscriptions.remove(s);
    }

    private GraphEdge edge(EdgeKey key, @Nullable EdgeSeries series, Instant from, Instant now, List<AnomalyEvent> anomalies) {
        EdgeSeries.Totals t = series == null ? new EdgeSeries.Totals() : series.since(from, now);
        double errorRate = t.calls == 0 ? 0 : Math.round(10_000.0 * t.errors / t.calls) / 10_000.0;
        return new GraphEdge(key.caller(), key.callee(), t.calls, t.errors, errorRate,
                LatencyHistogram.percentileMillis(t.latency, 0.50), LatencyHistogram.percentileMillis(t.latency, 0.99),
                t.lastSeen, granted(key, t.lastMethod), anomalies.stream().map(GraphAnomaly::of).toList());
    }

    private boolean granted(EdgeKey key, @Nullable String method) {
        PermissionPolicy p = policy.get();
        if (p instanceof GrantPolicy grants && grants.allowsEverything()) {
            return true;
        }
        AgentName callee = nameOf(key.callee());
        if (callee == null) {
            return false;
        }
        AgentName callerName = nameOf(key.caller());
        CallerIdentity caller = callerName != null
                ? CallerIdentity.ofAgent(callerName, Domain.of(domainOf(callerName)), ClassificationLevel.INTERNAL)
                : new CallerIdentity(key.caller(), null, null, Set.of(), ClassificationLevel.INTERNAL);
        String action = "call:" + (method == null || method.isBlank() || method.equals("POST") ? "*" : method);
        try {
            return p.decide(caller, callee, action).allowed();
        } catch (RuntimeException e) {
            LOG.debug("grant policy failed on {} -> {}", key.caller(), key.callee(), e);
            return false;
        }
    }

    private GraphNode node(String name, long in, long out, long anomalies) {
        AgentName agent = nameOf(name);
        Object summary = null;
        if (agent != null) {
            try {
                summary = trust.summary(agent).orElse(null);
            } catch (RuntimeException e) {
                LOG.debug("trust source failed on {}", name, e);
            }
        }
        return new GraphNode(name, agent == null ? null : domainOf(agent), status(name, agent), in, out, anomalies, summary);
    }

    private String status(String name, @Nullable AgentName agent) {
        AgentStatus registered = null;
        if (agent != null) {
            try {
                registered = agent.hasVersion() ? store.find(agent).map(s -> s.record().status()).orElse(null) : newest(agent);
            } catch (RuntimeException e) {
                LOG.debug("cannot read the status of {}", name, e);
            }
        }
        if (registered == AgentStatus.PENDING) {
            return "PENDING";
        }
        if (registered == AgentStatus.SUSPENDED) {
            return "SUSPENDED";
        }
        if (registered != null && registered != AgentStatus.ACTIVE) {
            return "REVOKED"; // revoked, expired, deprecated or rejected: no longer callable
        }
        if (monitor.isSuspended(name) || (agent != null && monitor.isSuspended(agent.toString()))) {
            return "SUSPENDED";
        }
        return registered == AgentStatus.ACTIVE ? "ACTIVE" : "UNKNOWN";
    }

    /** The status of an unversioned name: active when a version is, else the newest version's. */
    private @Nullable AgentStatus newest(AgentName agent) {
        List<StoredAgent> versions = store.versions(agent);
        if (versions.isEmpty()) {
            return null;
        }
        for (StoredAgent v : versions) {
            if (v.record().status() == AgentStatus.ACTIVE) {
                return AgentStatus.ACTIVE;
            }
        }
        return versions.getLast().record().status();
    }

    private Set<String> nodeNames() {
        Set<String> names = new java.util.HashSet<>();
        for (EdgeKey k : edges.keySet()) {
            names.add(k.caller());
            names.add(k.callee());
        }
        return names;
    }

    private static @Nullable AgentName nameOf(String subject) {
        if (!subject.startsWith(AgentName.SCHEME + "://")) {
            return null;
        }
        try {
            return AgentName.parse(subject);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String domainOf(AgentName name) {
        return name.fqdn().substring(name.fqdn().indexOf('.') + 1);
    }

    static void checkWindow(Duration window) {
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("the window must be positive and at most " + MAX_WINDOW + ", was " + window);
        }
    }

    /**
     * Stops following the monitor and the agent events and ends every subscription; idempotent.
     * Called by the ANS as it stops. {@link #close()} (what a gateway calls on its audit sink)
     * does nothing: the graph outlives the gateways reporting to it.
     */
    public void shutdown() {
        List<AutoCloseable> stop;
        synchronized (following) {
            stop = List.copyOf(following);
            following.clear();
        }
        for (AutoCloseable f : stop) {
            try {
                f.close();
            } catch (Exception e) {
                LOG.debug("cannot stop following", e);
            }
        }
        subscriptions.forEach(GraphSubscription::close);
    }
}
