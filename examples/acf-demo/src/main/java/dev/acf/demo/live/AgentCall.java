package dev.acf.demo.live;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One call an agent (or the desk) made through the gateway during a run, with what chose the
 * callee. Immutable.
 *
 * @param contextId the A2A context id the call carried; the gateway's audit event of the call has the same
 * @param caller the caller's id ({@code desk} or an agent id)
 * @param callee the callee's id
 * @param intent the intent resolved to find the callee, or {@code null} for a call by ANS name
 * @param candidates for a call by intent, the agents semantic resolution returned, best (the callee) first;
 *     empty for a call by name
 */
public record AgentCall(String contextId, String caller, String callee, @Nullable String intent, List<Candidate> candidates) {
    /** Validates and copies the components. */
    public AgentCall {
        Objects.requireNonNull(contextId, "contextId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
        candidates = List.copyOf(candidates);
        if (intent != null && (candidates.isEmpty() || !candidates.get(0).agentId().equals(callee))) {
            throw new IllegalArgumentException("a call by intent goes to the best candidate, " + candidates + ", not " + callee);
        }
    }

    /** One agent a resolution returned, with its score (0-1). */
    public record Candidate(String agentId, double score) {
        /** Validates the components. */
        public Candidate {
            Objects.requireNonNull(agentId, "agentId");
        }
    }

    /** Returns whether semantic resolution chose the callee (rather than its ANS name). */
    public boolean resolved() {
        return intent != null;
    }

    /** Returns the resolution score of the callee, for a call by intent. */
    public Optional<Double> score() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0).score());
    }
}
