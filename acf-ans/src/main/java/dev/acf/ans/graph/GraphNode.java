package dev.acf.ans.graph;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One node of the graph: an agent or another caller, with its registry status and its traffic
 * over the window.
 *
 * @param name the agent's name or the caller's subject
 * @param domain the agent's domain (its name without the agent label); null for subjects that are not ANS names
 * @param status {@code ACTIVE}, {@code PENDING}, {@code SUSPENDED} (by an operator or a gateway), {@code REVOKED}
 *     (also expired, deprecated or rejected: no longer callable) or {@code UNKNOWN} (not registered here)
 * @param callsIn calls to it in the window
 * @param callsOut calls from it in the window
 * @param anomalies anomalies reported with it as the caller in the window
 * @param trust its capability verification summary (ANS-MON-3), when the ANS has one
 */
public record GraphNode(String name, @Nullable String domain, String status, long callsIn, long callsOut, long anomalies,
        @Nullable Object trust) {

    /** Requires name and status. */
    public GraphNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }
}
