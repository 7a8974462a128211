package dev.acf.api.verify;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one run of one skill test case (ANS-MON-3).
 *
 * @param skill the skill tested
 * @param testCase the test case's id
 * @param passed whether every expectation held
 * @param detail why it failed ({@code null} when it passed): the first unmet expectation, or the call's error
 * @param latencyMs how long the call took through the gateway, in milliseconds
 * @param time when the call was made
 */
public record TestResult(String skill, String testCase, boolean passed, @Nullable String detail, double latencyMs, Instant time) {
    /** Requires the names and the time. */
    public TestResult {
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(testCase, "testCase");
        Objects.requireNonNull(time, "time");
    }
}
