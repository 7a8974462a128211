package dev.acf.ans.resolve;

import dev.acf.api.error.ValidationException;
import dev.acf.api.resolve.ResolveQuery;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Unmeasured and timed passes of an evaluation's queries, for its latencies: the warm-up's
 * passes and, after a warm-up, the passes that time the queries again. The answers are the
 * measured pass's business ({@link ResolutionEvaluation}); a query an ANS would refuse is
 * reported there and only timed here.
 */
final class SearchPasses {
    /**
     * How many searches the latencies are taken from, at least, after a warm-up: the same
     * queries again, so p99 is the slowest 1% rather than one pass's second-slowest search.
     */
    static final int TIMED_SEARCHES = 1_000;
    /** The most passes over the queries the latencies are taken from. */
    static final int MAX_TIMED_PASSES = 10;

    private SearchPasses() {}

    /** Returns how many passes over {@code queries} queries give the latencies: enough for {@link #TIMED_SEARCHES}, at most {@link #MAX_TIMED_PASSES}. */
    static int timedPasses(int queries) {
        return Math.min(MAX_TIMED_PASSES, (TIMED_SEARCHES + queries - 1) / Math.max(1, queries));
    }

    /**
     * Searches every query once asking {@code asked} agents; with {@code millis}, writes each
     * search's time in milliseconds there from index {@code from}.
     */
    static void run(LuceneAgentIndex index, List<ResolutionEvaluation.LabelledQuery> queries, SearchOptions options, int asked,
            double @Nullable [] millis, int from) {
        int at = from;
        for (ResolutionEvaluation.LabelledQuery q : queries) {
            long start = System.nanoTime();
            try {
                index.search(ResolveQuery.of(q.text(), asked), options);
            } catch (ValidationException e) {
                // reported by the measured pass
            }
            if (millis != null) {
                millis[at++] = (System.nanoTime() - start) / 1e6;
            }
        }
    }

    /**
     * Returns the latencies of the first pass ({@code first}) followed by those of
     * {@code passes - 1} more passes over the queries.
     */
    static double[] timed(LuceneAgentIndex index, List<ResolutionEvaluation.LabelledQuery> queries, SearchOptions options, int asked,
            int passes, double[] first) {
        double[] millis = Arrays.copyOf(first, passes * queries.size());
        for (int pass = 1; pass < passes; pass++) {
            run(index, queries, options, asked, millis, pass * queries.size());
        }
        return millis;
    }
}
