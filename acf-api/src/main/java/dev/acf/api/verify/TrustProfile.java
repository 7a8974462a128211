package dev.acf.api.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.acf.api.name.AgentName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The trusted profile ANS keeps of one agent version (ANS-MON-3): the {@link TrustSummary}
 * fields plus the result of every test case of the last run. The body of
 * {@code GET /v1/agents/{name}/trust}. Immutable and thread-safe.
 *
 * @param agent the agent's versioned name
 * @param verifiedSkills the skills whose test cases all passed, sorted
 * @param failedSkills the skills with a failing test case, sorted
 * @param passRate the share of test cases that passed, 0-1
 * @param p50Ms the median latency, in milliseconds
 * @param p99Ms the 99th-percentile latency, in milliseconds
 * @param lastVerified when the last run ended, {@code null} when never verified
 * @param results the results of the last run, in test case order
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
public record TrustProfile(AgentName agent, List<String> verifiedSkills, List<String> failedSkills, double passRate, @Nullable Double p50Ms,
        @Nullable Double p99Ms, @Nullable Instant lastVerified, List<TestResult> results) {

    /** Copies the lists. */
    public TrustProfile {
        Objects.requireNonNull(agent, "agent");
        verifiedSkills = List.copyOf(verifiedSkills);
        failedSkills = List.copyOf(failedSkills);
        results = List.copyOf(results);
    }

    /** Returns the profile of an agent never verified. */
    public static TrustProfile never(AgentName agent) {
        return new TrustProfile(agent, List.of(), List.of(), 0, null, null, null, List.of());
    }

    /** Returns the profile that a run's results give: skills, pass rate and latency percentiles derived from them. */
    public static TrustProfile of(AgentName agent, List<TestResult> results, Instant at) {
        Map<String, Boolean> skills = new TreeMap<>();
        int passed = 0;
        List<Double> latencies = new ArrayList<>();
        for (TestResult r : results) {
            skills.merge(r.skill(), r.passed(), Boolean::logicalAnd);
            passed += r.passed() ? 1 : 0;
            latencies.add(r.latencyMs());
        }
        latencies.sort(null);
        TreeSet<String> verified = new TreeSet<>();
        TreeSet<String> failed = new TreeSet<>();
        skills.forEach((skill, ok) -> (ok ? verified : failed).add(skill));
        return new TrustProfile(agent, List.copyOf(verified), List.copyOf(failed), results.isEmpty() ? 0 : (double) passed / results.size(),
                percentile(latencies, 0.50), percentile(latencies, 0.99), at, results);
    }

    /** Returns the summary of this profile, as resolution answers show it. */
    @JsonIgnore
    public TrustSummary summary() {
        return new TrustSummary(verifiedSkills, failedSkills, passRate, p50Ms, p99Ms, lastVerified);
    }

    private static @Nullable Double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
    }
}
