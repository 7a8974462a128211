package dev.acf.api.security;

/**
 * Data classification levels of tiered content security (ANS-SEC-3), lowest first. A caller
 * with a clearance sees content up to its level; the rest is redacted.
 */
public enum ClassificationLevel {
    /** Anyone may see it. */
    PUBLIC,
    /** Inside the operator's organization. */
    INTERNAL,
    /** Named roles only: subscriber identifiers, network addresses. */
    CONFIDENTIAL,
    /** Credentials and keys: never leaves its owner. */
    SECRET;

    /** Returns true when a caller cleared for this level may see content of {@code level}. */
    public boolean permits(ClassificationLevel level) {
        return level.compareTo(this) <= 0;
    }
}
