package dev.acf.ans.graph;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A follower of the graph's changes over a window, for a live view (the {@code /v1/graph/stream}
 * deltas): edges and nodes that changed are remembered by key, at most once each, and
 * materialized when {@link #next} hands them out, so a burst of calls on one edge is one delta
 * and memory stays bounded by the graph's size; anomalies are kept in order (at most
 * {@value #MAX_ANOMALIES}, the oldest dropped). Thread-safe; one reader at a time.
 *
 * <pre>{@code
 * try (GraphSubscription changes = graph.subscribe(Duration.ofMinutes(5))) {
 *     while (open) {
 *         GraphSubscription.Changes c = changes.next(15_000);
 *         c.edges().forEach(this::send);
 *     }
 * }
 * }</pre>
 */
public final class GraphSubscription implements AutoCloseable {
    static final int MAX_ANOMALIES = 1_000;
    /** How long changes gather after the first one, so a burst goes out as one delta per edge. */
    static final long COALESCE_MILLIS = 200;

    private final InteractionGraph graph;
    private final Duration window;
    private final LinkedHashSet<EdgeKey> edges = new LinkedHashSet<>();
    private final LinkedHashSet<String> nodes = new LinkedHashSet<>();
    private final ArrayDeque<GraphAnomaly> anomalies = new ArrayDeque<>();
    private boolean closed;

    GraphSubscription(InteractionGraph graph, Duration window) {
        this.graph = graph;
        this.window = Objects.requireNonNull(window, "window");
    }

    /** The changes handed out by one {@link #next} call; all empty when the wait ended without any. */
    public record Changes(List<GraphEdge> edges, List<GraphNode> nodes, List<GraphAnomaly> anomalies) {
        /** Copies the lists. */
        public Changes {
            edges = List.copyOf(edges);
            nodes = List.copyOf(nodes);
            anomalies = List.copyOf(anomalies);
        }

        /** Returns true when nothing changed. */
        public boolean isEmpty() {
            return edges.isEmpty() && nodes.isEmpty() && anomalies.isEmpty();
        }
    }

    /** Returns the window this subscription sees edges and nodes over. */
    public Duration window() {
        return window;
    }

    /**
     * Waits up to {@code timeoutMillis} for changes, gathers what else changes in the next
     * {@value #COALESCE_MILLIS} ms, and returns them: anomalies first, then edges, then nodes.
     * Empty after the timeout or once closed.
     */
    public Changes next(long timeoutMillis) throws InterruptedException {
        List<EdgeKey> edgeKeys;
        List<String> nodeNames;
        List<GraphAnomaly> anomalyList;
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!closed && isQuiet()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Changes(List.of(), List.of(), List.of());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            long gather = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COALESCE_MILLIS);
            while (!closed) {
                long left = gather - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (closed) {
                return new Changes(List.of(), List.of(), List.of());
            }
            edgeKeys = List.copyOf(edges);
            nodeNames = List.copyOf(nodes);
            anomalyList = List.copyOf(anomalies);
            edges.clear();
            nodes.clear();
            anomalies.clear();
        }
        return graph.materialize(edgeKeys, nodeNames, anomalyList, window);
    }

    private boolean isQuiet() {
        return edges.isEmpty() && nodes.isEmpty() && anomalies.isEmpty();
    }

    synchronized void edgeChanged(EdgeKey key) {
        if (edges.add(key)) {
            notifyAll();
        }
    }

    synchronized void nodeChanged(String name) {
        if (nodes.add(name)) {
            notifyAll();
        }
    }

    synchronized void anomaly(GraphAnomaly anomaly) {
        anomalies.addLast(anomaly);
        if (anomalies.size() > MAX_ANOMALIES) {
            anomalies.removeFirst();
        }
        notifyAll();
    }

    /** Stops following; a waiting {@link #next} returns at once. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        graph.unsubscribe(this);
    }

    /** Returns true once closed, by the reader or by the graph closing. */
    public synchronized boolean isClosed() {
        return closed;
    }
}
