package dev.acf.ans.graph;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One edge of the graph over a window: the calls from a caller to a callee through the
 * gateways (ANS-MON-1), whether a grant allows them and the anomalies reported on them
 * (ANS-MON-2).
 *
 * @param caller the caller's subject (an ANS name, or another subject such as a token's)
 * @param callee the agent called, as the caller named it
 * @param calls calls in the window
 * @param errors calls in the window whose outcome was not {@code ok}
 * @param errorRate errors / calls, 0 without calls
 * @param p50Ms median latency in milliseconds (within a factor of two: histogram buckets)
 * @param p99Ms 99th percentile latency in milliseconds
 * @param lastSeen the newest call on the edge, in or before the window; null when only anomalies are known
 * @param granted whether the grant policy of this ANS allows the caller to call the callee
 * @param anomalies the anomalies reported on the edge in the window, oldest first
 */
public record GraphEdge(String caller, String callee, long calls, long errors, double errorRate, double p50Ms, double p99Ms,
        @Nullable Instant lastSeen, boolean granted, List<GraphAnomaly> anomalies) {

    /** Requires the ends; copies the anomalies. */
    public GraphEdge {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
        anomalies = List.copyOf(anomalies);
    }
}
