package dev.acf.ans.lifecycle;

import dev.acf.api.a2a.AgentCard;
import dev.acf.api.agent.Endpoint;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The payload of a signed update (ANS-LIFE-1): a new Agent Card, new endpoints, or both.
 *
 * @param agentCard the new card, or {@code null} to keep the current one
 * @param endpoints the new endpoints, or {@code null} to keep the current ones
 */
public record AgentUpdate(@Nullable AgentCard agentCard, @Nullable List<Endpoint> endpoints) {
    /** Copies the endpoints. */
    public AgentUpdate {
        endpoints = endpoints == null ? null : List.copyOf(endpoints);
    }
}
