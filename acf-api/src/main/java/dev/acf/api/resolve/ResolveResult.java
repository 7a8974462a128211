package dev.acf.api.resolve;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One agent a semantic resolution returned (ANS-RES-2), with the score and the skill that
 * matched best. Results come best first.
 *
 * @param name the agent's versioned name
 * @param score the relevance, 0.0-1.0
 * @param skill the id of the best-matching skill, when one stands out
 * @param agent the agent's record
 */
public record ResolveResult(AgentName name, double score, @Nullable String skill, AgentRecord agent) {

    /** Requires a score in 0-1 and a name that matches the record. */
    public ResolveResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(agent, "agent");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be 0.0-1.0, was " + score);
        }
        if (!name.equals(agent.name())) {
            throw new IllegalArgumentException("result name " + name + " differs from its record's " + agent.name());
        }
    }
}
