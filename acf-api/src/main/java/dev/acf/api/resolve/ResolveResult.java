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
 * @param trust what ANS verified of the agent's skills (ANS-MON-3), when the answer carries it
 */
public record ResolveResult(AgentName name, double score, @Nullable String skill, AgentRecord agent,
        dev.acf.api.verify.@Nullable TrustSummary trust) {

    /** Creates a result without trust information. */
    public ResolveResult(AgentName name, double score, @Nullable String skill, AgentRecord agent) {
        this(name, score, skill, agent, null);
    }

    /** Returns this result with another score and trust summary. */
    public ResolveResult with(double newScore, dev.acf.api.verify.@Nullable TrustSummary summary) {
        return new ResolveResult(name, newScore, skill, agent, summary);
    }

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
