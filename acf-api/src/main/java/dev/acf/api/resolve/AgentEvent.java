package dev.acf.api.resolve;

import dev.acf.api.agent.AgentRecord;
import java.util.Objects;

/**
 * A change of an agent that gateways and clients must act on: a new or updated record, or
 * one that left resolution (revoked, suspended, expired), so caches are invalidated and
 * revoked certificates refused within a second (ANS-LIFE-3, REL-4).
 *
 * @param type what happened
 * @param agent the record after the change
 */
public record AgentEvent(Type type, AgentRecord agent) {

    /** What happened to the agent. */
    public enum Type {
        /** Registered or updated and resolvable. */
        UPSERTED,
        /** No longer resolvable: revoked, suspended, expired or deprecated. */
        WITHDRAWN
    }

    /** Requires both. */
    public AgentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(agent, "agent");
    }
}
