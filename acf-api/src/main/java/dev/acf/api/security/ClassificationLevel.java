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

    /**
     * Returns the level with this name, in any case ({@code confidential}).
     *
     * @throws IllegalArgumentException naming the levels, when there is none of that name
     */
    public static ClassificationLevel parse(String name) {
        for (ClassificationLevel level : values()) {
            if (level.name().equalsIgnoreCase(name.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException("no classification level '" + name + "'; levels: "
                + java.util.Arrays.toString(values()));
    }
}
