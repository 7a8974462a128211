package dev.acf.api.verify;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What ANS verified of an agent's skills (ANS-MON-3), as resolution answers and the interaction
 * graph show it: {@code {"verifiedSkills": [...], "failedSkills": [...], "passRate": 0.95,
 * "p50Ms": 3.1, "p99Ms": 9.8, "lastVerified": "..."}}. A skill is verified when every test case
 * run for it passed, failed when one did not. Never verified: empty lists, pass rate 0, no
 * latencies, {@code lastVerified} null.
 *
 * @param verifiedSkills the skills whose test cases all passed, sorted
 * @param failedSkills the skills with a failing test case, sorted
 * @param passRate the share of test cases that passed in the last run, 0-1
 * @param p50Ms the median call latency of the last run, in milliseconds
 * @param p99Ms the 99th-percentile call latency of the last run, in milliseconds
 * @param lastVerified when the last run ended
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
public record TrustSummary(List<String> verifiedSkills, List<String> failedSkills, double passRate, @Nullable Double p50Ms,
        @Nullable Double p99Ms, @Nullable Instant lastVerified) {
    private static final TrustSummary NEVER = new TrustSummary(List.of(), List.of(), 0, null, null, null);

    /** Copies the lists. */
    public TrustSummary {
        verifiedSkills = List.copyOf(verifiedSkills);
        failedSkills = List.copyOf(failedSkills);
    }

    /** Returns the summary of an agent never verified. */
    public static TrustSummary never() {
        return NEVER;
    }

    /** Returns true when at least one skill is verified. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isVerified() {
        return !verifiedSkills.isEmpty();
    }
}
