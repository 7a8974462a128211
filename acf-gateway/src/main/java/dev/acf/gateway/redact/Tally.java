package dev.acf.gateway.redact;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many values each detector rule redacted in one response or stream: what the audit records
 * (rule ids and counts, never the values). Used by one exchange at a time; not thread-safe.
 */
public final class Tally {
    private final Map<String, Integer> counts = new TreeMap<>();

    /** Creates an empty tally. */
    public Tally() {}

    /** Counts one redaction by this rule. */
    public void add(String ruleId) {
        counts.merge(ruleId, 1, Integer::sum);
    }

    /** Adds another tally's counts. */
    public void addAll(Tally other) {
        other.counts.forEach((rule, n) -> counts.merge(rule, n, Integer::sum));
    }

    /** Returns true when nothing was redacted. */
    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Returns the number of values redacted. */
    public int total() {
        int total = 0;
        for (int n : counts.values()) {
            total += n;
        }
        return total;
    }

    /** Returns the counts by rule id, sorted by rule id. */
    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** Returns the counts as {@code rule=n,rule=n}, sorted by rule id: the form of the audit attribute and the response header. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        counts.forEach((rule, n) -> out.append(out.isEmpty() ? "" : ",").append(rule).append('=').append(n));
        return out.toString();
    }

    @Override
    public String toString() {
        return "Tally[" + summary() + "]";
    }
}
