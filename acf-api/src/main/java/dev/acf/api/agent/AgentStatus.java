package dev.acf.api.agent;

/**
 * Where an agent version is in its life cycle. Only {@link #ACTIVE} agents are returned by
 * resolution and reachable through the gateway.
 */
public enum AgentStatus {
    /** Registered, waiting for an administrator's approval (ANS-REG-4); no certificate yet. */
    PENDING,
    /** Certified and resolvable. */
    ACTIVE,
    /** Held by an operator (for example after an anomaly); not resolvable, may be resumed. */
    SUSPENDED,
    /** Replaced by a newer major version; kept queryable by exact name, not resolvable. */
    DEPRECATED,
    /** Its certificate was revoked (ANS-LIFE-3); final. */
    REVOKED,
    /** Its certificate expired without renewal; a renewal cannot bring it back. */
    EXPIRED,
    /** An administrator rejected its registration; final. */
    REJECTED;

    /** Returns true when resolution may return an agent in this status. */
    public boolean isResolvable() {
        return this == ACTIVE;
    }

    /** Returns true when no transition leaves this status. */
    public boolean isFinal() {
        return this == REVOKED || this == REJECTED;
    }
}
