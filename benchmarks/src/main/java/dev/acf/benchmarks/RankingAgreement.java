package dev.acf.benchmarks;

import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.ans.resolve.ResolutionMode;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Compares the two-stage lexical search (the default) with the exact one it approximates
 * ({@code lexicalCandidates(LuceneAgentIndex.ALL_LEXICAL_CANDIDATES)}) over the benchmark's synthetic index: how many of the
 * benchmark's intents get the same top 5 agents, or agents with the same skills in the same
 * order (each skill template is offered by about 150 agents, whose documents differ only in
 * the agent's own description, so near-ties abound), in lexical and hybrid mode, and what each
 * costs per search in wall-clock and CPU time of the searching thread (the latter hardly
 * affected by other processes on a loaded machine). Builds nothing: run the latency benchmark
 * first. The index is copied once, since one directory holds one writer.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     dev.acf.benchmarks.RankingAgreement benchmarks/target/resolution-100k/index [candidates]
 * </pre>
 */
final class RankingAgreement {
    private static final int ROUNDS = 3;
    /** Compares over an index built without vectors ({@code SyntheticIndex} with the same property): lexical mode only. */
    private static final boolean LEXICAL_ONLY = Boolean.getBoolean("acf.bench.lexicalOnly");

    private RankingAgreement() {}

    /** Compares the two searches over the index in {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: RankingAgreement <index directory of the latency benchmark> [lexical candidates]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path copy = dir.resolveSibling(dir.getFileName() + "-exact");
        copyOnce(dir, copy);
        MiniLmEmbedder model = LEXICAL_ONLY ? new MiniLmEmbedder(0) : new MiniLmEmbedder(0).warmUp();
        List<ResolveQuery> queries = new SyntheticAgents(SyntheticIndex.TEMPLATES, 1).intents(200).stream().map(t -> ResolveQuery.of(t, 5)).toList();
        try (LuceneAgentIndex staged = open(dir, model,
                args.length == 2 ? Integer.parseInt(args[1]) : LuceneAgentIndex.DEFAULT_LEXICAL_CANDIDATES);
                LuceneAgentIndex exact = open(copy, model, LuceneAgentIndex.ALL_LEXICAL_CANDIDATES)) {
            for (ResolutionMode mode : LEXICAL_ONLY ? List.of(ResolutionMode.LEXICAL) : List.of(ResolutionMode.LEXICAL, ResolutionMode.HYBRID)) {
                SearchOptions options = SearchOptions.defaults().withMode(mode);
                int same = 0;
                int sameSet = 0;
                int sameFirst = 0;
                int sameSkills = 0;
                for (ResolveQuery q : queries) {
                    List<ResolveResult> x = staged.search(q, options);
                    List<ResolveResult> y = exact.search(q, options);
                    List<String> a = names(x);
                    List<String> b = names(y);
                    same += a.equals(b) ? 1 : 0;
                    sameSet += a.size() == b.size() && a.containsAll(b) ? 1 : 0;
                    sameFirst += !a.isEmpty() && !b.isEmpty() && a.get(0).equals(b.get(0)) ? 1 : 0;
                    sameSkills += templates(x).equals(templates(y)) ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "%s: same top 5 agents in order %d/%d, same set %d, same first %d, same skills in order %d%n",
                        mode, same, queries.size(), sameSet, sameFirst, sameSkills);
                System.out.println("  two stages: " + time(staged, queries, options));
                System.out.println("  exact:      " + time(exact, queries, options));
            }
        }
    }

    private static LuceneAgentIndex open(Path dir, MiniLmEmbedder model, int candidates) {
        LuceneAgentIndex.Builder builder = LuceneAgentIndex.builder().directory(dir).lexicalCandidates(candidates).answerCacheSize(0);
        LuceneAgentIndex index = LEXICAL_ONLY ? builder.lexicalOnly().build() : builder.embedder(new QueryModelEmbedder(model) {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                throw new UnsupportedOperationException("the index is built by the latency benchmark");
            }
        }).build();
        if (index.size() == 0) {
            index.close();
            throw new IllegalStateException(dir + " holds no agents (emptied if opened with another model or layout than it was built with)");
        }
        return index;
    }

    /** Runs every query {@value #ROUNDS} times (the first round warms up); returns p50/p99 wall and CPU ms. */
    private static String time(LuceneAgentIndex index, List<ResolveQuery> queries, SearchOptions options) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = queries.size() * (ROUNDS - 1);
        double[] wall = new double[n];
        double[] cpu = new double[n];
        int i = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (ResolveQuery q : queries) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                index.search(q, options);
                if (round > 0) {
                    wall[i] = (System.nanoTime() - t0) / 1e6;
                    cpu[i++] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                }
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return String.format(Locale.ROOT, "wall p50 %.2f p99 %.2f ms, cpu p50 %.2f p99 %.2f ms",
                wall[n / 2], wall[n * 99 / 100], cpu[n / 2], cpu[n * 99 / 100]);
    }

    private static List<String> names(List<ResolveResult> results) {
        return results.stream().map(r -> r.name().toString()).toList();
    }

    /** The skill templates of the answers: a skill id is its template's id, a dash and its position. */
    private static List<String> templates(List<ResolveResult> results) {
        return results.stream().map(r -> r.skill() == null ? r.name().toString() : r.skill().substring(0, r.skill().lastIndexOf('-'))).toList();
    }

    private static void copyOnce(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
