package dev.acf.ans.graph;

import dev.acf.api.monitor.AnomalyEvent;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An anomaly as the graph shows it (ANS-MON-2): on its edge in a snapshot, and alone as a
 * stream's {@code anomaly} event.
 *
 * @param id the anomaly's id
 * @param kind what was seen ({@code edge-not-granted}, {@code rate-spike}, ...)
 * @param time when the gateway saw it
 * @param ruleId the rule that fired
 * @param detail a sentence for the operator
 * @param caller the caller's subject
 * @param target the agent called, when known
 * @param action what the gateway did: {@code flagged} or {@code suspended}
 */
public record GraphAnomaly(String id, AnomalyEvent.Kind kind, Instant time, String ruleId, String detail, String caller,
        @Nullable String target, AnomalyEvent.Action action) {

    /** Requires the identifying fields. */
    public GraphAnomaly {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(caller, "caller");
    }

    /** Returns the graph's view of a reported anomaly. */
    public static GraphAnomaly of(AnomalyEvent e) {
        return new GraphAnomaly(e.id(), e.kind(), e.time(), e.ruleId(), e.detail(), e.caller(), e.target(), e.action());
    }
}
