package dev.acf.benchmarks;

import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.ans.resolve.ResolutionMode;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.resolve.ResolveQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of one search in each mode over the benchmark's synthetic index, as wall-clock and
 * CPU time of the searching thread (the latter hardly affected by other processes on a loaded
 * machine): the benchmark's 200 intents, no answer cache, warm-up rounds for {@code
 * -Dacf.bench.warmUpSeconds} (default 40: on two cores the JIT compiles the search code for
 * 30-40 s, and a measurement before that times the compiler too), then {@code rounds}
 * measured rounds. Builds nothing: run the latency benchmark (or {@link SyntheticIndex}) first.
 * Attach a profiler with {@code -XX:StartFlightRecording=filename=search.jfr}; measure an index
 * built with {@code -Dacf.bench.lexicalOnly=true} or {@code -Dacf.bench.quantized=false} (float vectors) with that
 * property too (opened otherwise, it would be emptied as one of another model);
 * {@code -Dacf.bench.lexicalCandidates=N} re-ranks N candidates with the per-field query;
 * {@code -Dacf.bench.answers=FILE} writes each mode's answers (agents of the last round, in
 * order) to FILE.MODE, so two builds' answers can be compared line by line;
 * {@code -Dacf.bench.slowest=N} lists the N intents of highest median wall time;
 * {@code -Dacf.bench.wordSummaryBytes=0} searches without word summaries;
 * {@code -Dacf.bench.corpus=catalogues} takes the intents of {@link CatalogueCopies}, for its
 * index ({@code resolution-100k-catalogues}).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     dev.acf.benchmarks.SearchCost benchmarks/target/resolution-100k/index [rounds] [modes]
 * </pre>
 */
final class SearchCost {
    /** Opens an index built without vectors ({@code SyntheticIndex} with the same property); lexical mode only. */
    private static final boolean LEXICAL_ONLY = Boolean.getBoolean("acf.bench.lexicalOnly");
    /** Opens an index built with 7-bit vectors ({@code SyntheticIndex} with the same property; default the index's, true). */
    private static final boolean QUANTIZED = Boolean.parseBoolean(System.getProperty("acf.bench.quantized", String.valueOf(LuceneAgentIndex.DEFAULT_QUANTIZED_VECTORS)));
    /** How many documents a lexical search re-ranks with the per-field query (the index's default unless set). */
    private static final int CANDIDATES = Integer.getInteger("acf.bench.lexicalCandidates", LuceneAgentIndex.DEFAULT_LEXICAL_CANDIDATES);
    /** Where each mode's answers are written (with the mode appended), or null. */
    private static final String ANSWERS = System.getProperty("acf.bench.answers");
    /** How many of the slowest intents to list, by median wall time (0: none). */
    private static final int SLOWEST = Integer.getInteger("acf.bench.slowest", 0);
    /** How long each mode's searches run unmeasured first, in seconds (at least one round). */
    private static final int WARM_UP_SECONDS = Integer.getInteger("acf.bench.warmUpSeconds", 40);

    private SearchCost() {}

    /** Times the searches over the index in {@code args[0]}; {@code args[1]} rounds (default 4), {@code args[2]} modes (default all). */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: SearchCost <index directory of the latency benchmark> [rounds] [lexical,vector,hybrid]");
            System.exit(2);
        }
        int rounds = args.length >= 2 ? Integer.parseInt(args[1]) : 4;
        List<ResolutionMode> modes = args.length == 3
                ? Arrays.stream(args[2].split(",")).map(m -> ResolutionMode.valueOf(m.strip().toUpperCase(Locale.ROOT))).toList()
                : List.of(ResolutionMode.LEXICAL, ResolutionMode.VECTOR, ResolutionMode.HYBRID);
        MiniLmEmbedder model = LEXICAL_ONLY ? new MiniLmEmbedder(0) : new MiniLmEmbedder(0).warmUp();
        Corpus corpus = "catalogues".equals(System.getProperty("acf.bench.corpus"))
                ? new CatalogueCopies(Path.of(System.getProperty("acf.bench.catalogues", "acf-ans/src/test/resources/resolution")))
                : new SyntheticAgents(SyntheticIndex.TEMPLATES, 1);
        List<ResolveQuery> queries = corpus.intents(200).stream().map(t -> ResolveQuery.of(t, 5)).toList();
        LuceneAgentIndex.Builder builder = LuceneAgentIndex.builder().directory(Path.of(args[0])).answerCacheSize(0)
                .quantizedVectors(QUANTIZED).lexicalCandidates(CANDIDATES).wordSummaryBytes(SyntheticIndex.WORD_SUMMARY_BYTES);
        if (LEXICAL_ONLY) {
            builder.lexicalOnly();
        } else {
            builder.embedder(new QueryModelEmbedder(model) {
                @Override
                public List<float[]> embedAll(List<String> texts) {
                    throw new UnsupportedOperationException("the index is built by the latency benchmark");
                }
            });
        }
        try (LuceneAgentIndex index = builder.build()) {
            if (index.size() == 0) {
                // Opened with another model (or layout) than it was built with, the index was emptied.
                System.err.println(args[0] + " holds no agents: build it with SyntheticIndex (with -Dacf.bench.lexicalOnly=true here too for a lexical-only one)");
                System.exit(1);
            }
            System.out.printf(Locale.ROOT, "%d agents, %d segments%n", index.size(), index.segments());
            for (ResolutionMode mode : modes) {
                List<String> answers = new java.util.ArrayList<>();
                System.out.println(mode + ": " + time(index, queries, SearchOptions.defaults().withMode(mode), rounds, answers));
                if (ANSWERS != null) {
                    java.nio.file.Files.write(Path.of(ANSWERS + "." + mode.name().toLowerCase(Locale.ROOT)), answers);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs the queries unmeasured for {@link #WARM_UP_SECONDS} (one round at least), then {@code rounds}
     * times measured; returns p50/p99 wall and p50/p90/p99 and mean CPU ms.
     */
    private static String time(LuceneAgentIndex index, List<ResolveQuery> queries, SearchOptions options, int rounds, List<String> answers) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = queries.size() * rounds;
        double[] wall = new double[n];
        double[] cpu = new double[n];
        double[][] perQuery = new double[queries.size()][rounds];
        long warmUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        do {
            queries.forEach(q -> index.search(q, options));
        } while (System.nanoTime() < warmUntil);
        int i = 0;
        for (int round = 1; round <= rounds; round++) {
            for (ResolveQuery q : queries) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                var found = index.search(q, options);
                if (round == rounds) {
                    answers.add(String.join(" ", found.stream().map(r -> r.name() + "#" + r.skill()).toList()));
                }
                wall[i] = (System.nanoTime() - t0) / 1e6;
                perQuery[(i % queries.size())][round - 1] = wall[i];
                cpu[i++] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            }
        }
        double mean = Arrays.stream(cpu).average().orElse(0);
        if (SLOWEST > 0) {
            // The intents that make the tail: highest median wall time over the rounds.
            Integer[] order = new Integer[queries.size()];
            double[] median = new double[queries.size()];
            for (int q = 0; q < order.length; q++) {
                order[q] = q;
                double[] times = perQuery[q].clone();
                Arrays.sort(times);
                median[q] = times[times.length / 2];
            }
            Arrays.sort(order, (a, b) -> Double.compare(median[b], median[a]));
            for (int q = 0; q < Math.min(SLOWEST, order.length); q++) {
                String text = queries.get(order[q]).text();
                System.out.printf(Locale.ROOT, "  %6.2f ms  %s%n", median[order[q]], text.length() > 110 ? text.substring(0, 110) + "..." : text);
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return String.format(Locale.ROOT, "wall p50 %.2f p99 %.2f ms, cpu p50 %.2f p90 %.2f p99 %.2f mean %.2f ms (%d searches)",
                wall[n / 2], wall[n * 99 / 100], cpu[n / 2], cpu[n * 9 / 10], cpu[n * 99 / 100], mean, n);
    }
}
