package dev.acf.api.security;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ContentInspector} found in one piece of content.
 *
 * @param verdict allow as is, allow but audit (flag), allow a redacted copy, or block
 * @param ruleId the rule that matched, or {@code null} when nothing did
 * @param reason a message for people (and for the 4xx error of a block)
 * @param redacted the content to pass on instead, for {@link Verdict#REDACT}
 */
public record InspectionResult(Verdict verdict, @Nullable String ruleId, String reason, @Nullable String redacted) {

    /** The outcome of an inspection. */
    public enum Verdict {
        /** Nothing found; pass the content on unchanged. */
        ALLOW,
        /** Suspicious but below the blocking threshold: pass the content on unchanged and audit it. */
        FLAG,
        /** Pass {@link InspectionResult#redacted()} on instead. */
        REDACT,
        /** Refuse the request or response (ANS-SEC-2: 4xx with the rule id). */
        BLOCK
    }

    /** Requires a rule for every verdict but ALLOW, and the redacted text for REDACT. */
    public InspectionResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        if (verdict != Verdict.ALLOW && ruleId == null) {
            throw new IllegalArgumentException(verdict + " needs the id of the rule that matched");
        }
        if ((verdict == Verdict.REDACT) != (redacted != null)) {
            throw new IllegalArgumentException("redacted content is required for, and only for, REDACT");
        }
    }

    /** Nothing found. */
    public static InspectionResult allow() {
        return new InspectionResult(Verdict.ALLOW, null, "no rule matched", null);
    }

    /** A blocking match. */
    public static InspectionResult block(String ruleId, String reason) {
        return new InspectionResult(Verdict.BLOCK, ruleId, reason, null);
    }

    /** A match worth auditing that lets the content pass. */
    public static InspectionResult flag(String ruleId, String reason) {
        return new InspectionResult(Verdict.FLAG, ruleId, reason, null);
    }

    /** A redacting match. */
    public static InspectionResult redact(String ruleId, String reason, String redacted) {
        return new InspectionResult(Verdict.REDACT, ruleId, reason, redacted);
    }
}
