package dev.acf.ans.resolve;

import dev.acf.api.error.ValidationException;
import dev.acf.api.resolve.Reranker;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Measures resolution quality on a labelled intent set (PERF-2): recall@1/3/5, mean
 * reciprocal rank and latency percentiles, over an index loaded from the set's files
 * ({@link EvaluationFiles}). Stateless and thread-safe.
 *
 * <pre>{@code
 * try (LuceneAgentIndex index = LuceneAgentIndex.builder().build()) {
 *     index.upsertAll(EvaluationFiles.readAgents(agentsFile));
 *     Report r = ResolutionEvaluation.run(index, EvaluationFiles.readQueries(queriesFile), SearchOptions.defaults(), msg -> {});
 *     String summary = r.toJson();   // {"queries":..,"recall@3":..,"mrr":..}
 * }
 * }</pre>
 */
public final class ResolutionEvaluation {
    private ResolutionEvaluation() {}

    /** One labelled intent: its id, text, relevant agent ids and kind (single, multi, typo...). */
    public record LabelledQuery(String id, String text, Set<String> relevant, String kind) {
        /** Copies the set. */
        public LabelledQuery {
            relevant = Set.copyOf(relevant);
        }
    }

    /**
     * What one query returned.
     *
     * @param query the labelled query
     * @param ranked the agent ids returned, best first
     * @param millis how long the search took
     */
    public record Outcome(LabelledQuery query, List<String> ranked, double millis) {
        /** Copies the list. */
        public Outcome {
            ranked = List.copyOf(ranked);
        }

        /** Returns the 1-based rank of the first relevant agent, 0 when none was returned. */
        public int firstRelevantRank() {
            for (int rank = 0; rank < ranked.size(); rank++) {
                if (query.relevant().contains(ranked.get(rank))) {
                    return rank + 1;
                }
            }
            return 0;
        }

        /** Tells whether some relevant agent is missing from the first {@code k}. */
        public boolean missesAnyIn(int k) {
            return recall(ranked, query.relevant(), k) < 1.0;
        }
    }

    /**
     * The figures of one evaluation.
     *
     * @param queries how many queries ran
     * @param recallAt1 share of relevant agents in the top 1, averaged over queries
     * @param recallAt3 the same in the top 3
     * @param recallAt5 the same in the top 5
     * @param mrr mean of 1/rank of the first relevant agent (0 when none is returned)
     * @param p50Ms median search latency in milliseconds
     * @param p99Ms 99th percentile search latency in milliseconds
     * @param outcomes what each query returned, in the order of the queries
     */
    public record Report(int queries, double recallAt1, double recallAt3, double recallAt5, double mrr, double p50Ms, double p99Ms,
            List<Outcome> outcomes) {
        /** Copies the list. */
        public Report {
            outcomes = List.copyOf(outcomes);
        }

        /** Returns the figures of these outcomes, the latencies those of their searches. */
        public static Report of(List<Outcome> outcomes) {
            return of(outcomes, outcomes.stream().mapToDouble(Outcome::millis).toArray());
        }

        /** Returns the figures of these outcomes, the latencies taken from {@code searchMillis} (more searches of the same queries). */
        public static Report of(List<Outcome> outcomes, double[] searchMillis) {
            double r1 = 0;
            double r3 = 0;
            double r5 = 0;
            double mrr = 0;
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome o = outcomes.get(i);
                r1 += recall(o.ranked(), o.query().relevant(), 1);
                r3 += recall(o.ranked(), o.query().relevant(), 3);
                r5 += recall(o.ranked(), o.query().relevant(), 5);
                int rank = o.firstRelevantRank();
                mrr += rank == 0 ? 0 : 1.0 / rank;
            }
            int n = Math.max(1, outcomes.size());
            double[] millis = searchMillis.clone();
            Arrays.sort(millis);
            return new Report(outcomes.size(), r1 / n, r3 / n, r5 / n, mrr / n, percentile(millis, 0.50), percentile(millis, 0.99),
                    outcomes);
        }

        /** Returns the figures of each kind of query (single, multi, typo...), by kind in alphabetical order. */
        public Map<String, Report> byKind() {
            Map<String, List<Outcome>> kinds = new TreeMap<>();
            outcomes.forEach(o -> kinds.computeIfAbsent(o.query().kind().isEmpty() ? "-" : o.query().kind(), k -> new ArrayList<>()).add(o));
            Map<String, Report> out = new LinkedHashMap<>();
            kinds.forEach((kind, list) -> out.put(kind, of(list)));
            return out;
        }

        /** Returns the figures as one JSON object on one line. */
        public String toJson() {
            return String.format(Locale.ROOT,
                    "{\"queries\":%d,\"recall@1\":%.4f,\"recall@3\":%.4f,\"recall@5\":%.4f,\"mrr\":%.4f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}",
                    queries, recallAt1, recallAt3, recallAt5, mrr, p50Ms, p99Ms);
        }
    }

    /**
     * Runs every query (after a short warm-up with other texts) and returns the figures.
     *
     * @param progress receives a line now and then, for long runs
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress) {
        return run(index, queries, options, progress, 10);
    }

    /**
     * Runs every query asking for {@code max(limit, 10)} agents, so recall@5 and MRR are
     * comparable across limits.
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit) {
        return run(index, queries, options, progress, limit, Duration.ZERO);
    }

    /**
     * Runs every query asking for {@code max(limit, 10)} agents, after unmeasured passes over
     * the same queries for at least {@code warmUp} (whole passes; none when zero), so the
     * latencies are those of a warm process, as PERF-1 measures them; after a warm-up the
     * latencies come from at least {@value SearchPasses#TIMED_SEARCHES} searches (the queries timed again,
     * at most {@value SearchPasses#MAX_TIMED_PASSES} passes; one pass with a reranker). Give the index no answer
     * cache and an embedder without a query cache, or the measured pass times the caches. The
     * figures of quality do not depend on the warm-up.
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit, Duration warmUp) {
        return run(index, queries, options, progress, limit, warmUp, null);
    }

    /**
     * Runs every query as {@link #run(LuceneAgentIndex, List, SearchOptions, Consumer, int, Duration)} does and,
     * with a reranker, reorders each answer as an ANS with that reranker would ({@link Reranking}), so its
     * effect on the figures is measured before an ANS uses it. The warm-up passes do not call the
     * reranker; the measured latencies include it.
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit, Duration warmUp, @Nullable Reranker reranker) {
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warmUp must not be negative, was " + warmUp);
        }
        return run(index, queries, options, progress, limit, WarmUp.fixed(warmUp), reranker);
    }

    /**
     * Runs every query as {@link #run(LuceneAgentIndex, List, SearchOptions, Consumer, int, Duration, Reranker)}
     * does, after the given warm-up ({@link WarmUp#untilCompiled()} is what {@code eval-resolution} uses).
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit, WarmUp warmUp, @Nullable Reranker reranker) {
        int asked = Math.min(ResolveQuery.MAX_LIMIT, Math.max(limit, 10));
        for (String warm : List.of("network problem", "customer billing question", "radio cell performance", "install a service")) {
            index.search(ResolveQuery.of(warm, 5), options);
        }
        if (!queries.isEmpty()) {
            if (!warmUp.limit().isZero()) {
                progress.accept("warming up " + warmUp + "...");
            }
            String warmed = warmUp.run(() -> SearchPasses.run(index, queries, options, asked, null, 0));
            if (warmed != null) {
                progress.accept(warmed);
            }
        }
        List<Outcome> outcomes = new ArrayList<>(queries.size());
        int rerankFailures = 0;
        for (int i = 0; i < queries.size(); i++) {
            LabelledQuery q = queries.get(i);
            long start = System.nanoTime();
            List<ResolveResult> found;
            try {
                ResolveQuery query = ResolveQuery.of(q.text(), asked);
                if (reranker == null) {
                    found = index.search(query, options);
                } else {
                    List<ResolveResult> wide = index.search(Reranking.widened(query), options);
                    Optional<List<ResolveResult>> reordered = Reranking.attempt(reranker, query, wide);
                    rerankFailures += reordered.isEmpty() ? 1 : 0;
                    found = reordered.orElseGet(() -> Reranking.retrievalOrder(query, wide));
                }
            } catch (ValidationException e) {
                // An ANS would refuse it too (too long, say): it counts as answered with nothing.
                progress.accept("warning: query " + q.id() + " was refused: " + e.getMessage());
                found = List.of();
            }
            double millis = (System.nanoTime() - start) / 1e6;
            outcomes.add(new Outcome(q, found.stream().map(r -> r.name().agentLabel()).toList(), millis));
            if ((i + 1) % 20 == 0 || i + 1 == queries.size()) {
                progress.accept("evaluated " + (i + 1) + "/" + queries.size() + " queries");
            }
        }
        if (rerankFailures > 0) {
            progress.accept("warning: the reranker failed on " + rerankFailures + " of " + queries.size()
                    + " queries (see the log); their retrieval order stood");
        }
        double[] millis = outcomes.stream().mapToDouble(Outcome::millis).toArray();
        int passes = SearchPasses.timedPasses(queries.size());
        if (reranker == null && !warmUp.limit().isZero() && passes > 1) {
            millis = SearchPasses.timed(index, queries, options, asked, passes, millis);
            progress.accept("timed " + millis.length + " searches (" + passes + " passes) for the latencies");
        }
        return Report.of(outcomes, millis);
    }

    /** Returns the share of the relevant ids among the first {@code k}. */
    public static double recall(List<String> ranked, Set<String> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        long hits = ranked.stream().limit(k).filter(relevant::contains).count();
        return (double) hits / relevant.size();
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int at = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }
}
