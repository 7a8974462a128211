package dev.acf.api.security;

import java.util.Objects;

/**
 * One piece of sensitive data a {@link SensitiveDataDetector} found in a text (ANS-SEC-3): where
 * it is, what kind it is and how it is classified. Carries no copy of the value, so it can be
 * logged and audited. Immutable.
 *
 * @param start the index of its first char in the text
 * @param end the index after its last char; greater than {@code start}
 * @param kind what it is, a short lower-case word used in the replacement ({@code [REDACTED:email]}),
 *     such as {@code email}, {@code imsi}, {@code card}
 * @param level its classification: a caller whose clearance does not permit it gets it redacted
 * @param ruleId the detector rule that matched, for the audit, such as {@code card.luhn}
 */
public record SensitiveMatch(int start, int end, String kind, ClassificationLevel level, String ruleId) {

    /** Requires a non-empty span and every field. */
    public SensitiveMatch {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a match needs 0 <= start < end, was " + start + ".." + end);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(ruleId, "ruleId");
    }

    /** Returns the number of chars matched. */
    public int length() {
        return end - start;
    }

    /** Returns a copy at another level (configured overrides). */
    public SensitiveMatch withLevel(ClassificationLevel newLevel) {
        return new SensitiveMatch(start, end, kind, newLevel, ruleId);
    }
}
