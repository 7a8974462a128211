package dev.acf.cli;

import dev.acf.ans.resolve.EvaluationFiles;
import dev.acf.ans.resolve.Fusion;
import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.ans.resolve.ResolutionEvaluation;
import dev.acf.ans.resolve.ResolutionMode;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.ans.resolve.WarmUp;
import dev.acf.api.resolve.Reranker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code acf eval-resolution}: loads a labelled agent set into a fresh in-memory index, runs
 * every labelled intent and prints the quality figures (PERF-2). Progress and label problems
 * (a relevant agent the catalogue lacks) go to stderr; with {@code --details}, the figures of
 * each kind of query and every query missing a relevant agent in its top 3 go to stdout; the
 * last line of stdout is one JSON object:
 * {@code {"queries":N,"recall@1":..,"recall@3":..,"recall@5":..,"mrr":..,"p50_ms":..,"p99_ms":..}}.
 * The latencies are those of a warm process: the queries run unmeasured first, by default until
 * the JIT compiler is quiet ({@link WarmUp#untilCompiled()}), or for {@code --warm-up} seconds,
 * and the index keeps no answers or query embeddings, so each measured search does all its work.
 * After a warm-up, p50 and p99 come from at least 1,000 searches (the queries timed again).
 *
 * <pre>{@code
 * java -jar acf.jar eval-resolution --agents data/resolution/agents.json --queries data/resolution/queries.jsonl --mode hybrid
 * }</pre>
 */
@Command(name = "eval-resolution", mixinStandardHelpOptions = true,
        description = "Measure semantic resolution quality (recall@k, MRR, latency) on a labelled intent set.")
final class EvalResolutionCommand implements Callable<Integer> {
    /** How many agents are embedded and indexed between two progress lines. */
    private static final int INDEX_SLICE = 250;

    @Option(names = "--agents", required = true, paramLabel = "FILE", description = "JSON array of agents (id, name, domain, description, skills; only id is required)")
    Path agents;

    @Option(names = "--queries", required = true, paramLabel = "FILE", description = "JSON lines (or one JSON array) of {id, query, relevant, kind}")
    Path queries;

    @Option(names = "--mode", defaultValue = "hybrid", paramLabel = "MODE", description = "lexical, vector or hybrid (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--fusion", defaultValue = "linear", paramLabel = "FUSION", description = "hybrid fusion: linear or rrf (default ${DEFAULT-VALUE})")
    String fusion;

    @Option(names = "--k", defaultValue = "5", paramLabel = "K", description = "results per query (default ${DEFAULT-VALUE}); recall@5 and MRR use at least 10")
    int k;

    @Option(names = "--details", description = "also print the figures of each kind of query and the queries that miss a relevant agent in their top 3")
    boolean details;

    @Option(names = "--warm-up", defaultValue = "auto", paramLabel = "SECONDS|auto",
            description = "run the queries unmeasured first, so latencies are those of a warm process: auto until the JIT compiler is quiet"
                    + " (at most 120 s), or this many seconds (whole passes); 0 for none (default ${DEFAULT-VALUE})")
    String warmUp;

    @CommandLine.Mixin
    VocabularyOptions vocabulary;

    @CommandLine.Mixin
    RerankerOptions reranking;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (k < 1 || k > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--k must be 1-100, was " + k);
        }
        WarmUp warming = parseWarmUp();
        SearchOptions options = SearchOptions.defaults().withMode(parseMode()).withFusion(parseFusion());
        Reranker reranker = reranking.reranker(System::getenv);
        var agentRecords = EvaluationFiles.readAgents(agents);
        var labelled = EvaluationFiles.readQueries(queries);
        if (labelled.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), queries + " holds no query");
        }
        for (String problem : EvaluationFiles.labelProblems(agentRecords, labelled)) {
            err.println("warning: " + problem);
        }
        err.println("indexing " + agentRecords.size() + " agents...");
        err.flush();
        // No caches: each measured search must do its whole work, though the warm-up asked the same texts.
        LuceneAgentIndex.Builder builder = vocabulary.vocabulary().applyTo(LuceneAgentIndex.builder()).answerCacheSize(0);
        if (options.mode() == ResolutionMode.LEXICAL) {
            builder.lexicalOnly();
        } else {
            builder.embedder(new MiniLmEmbedder(0));
        }
        try (LuceneAgentIndex index = builder.build()) {
            long start = System.nanoTime();
            // In slices, so a catalogue of thousands of agents (minutes of embedding) shows progress.
            for (int from = 0; from < agentRecords.size(); from += INDEX_SLICE) {
                int to = Math.min(agentRecords.size(), from + INDEX_SLICE);
                index.upsertAll(agentRecords.subList(from, to));
                if (agentRecords.size() > INDEX_SLICE) {
                    err.printf(Locale.ROOT, "indexed %d/%d agents%n", to, agentRecords.size());
                    err.flush();
                }
            }
            err.printf(Locale.ROOT, "indexed in %.0f ms; running %d queries (%s%s)%n", (System.nanoTime() - start) / 1e6, labelled.size(),
                    options.mode().name().toLowerCase(Locale.ROOT), reranker == null ? "" : ", reranked by " + reranker);
            err.flush();
            var report = ResolutionEvaluation.run(index, labelled, options, line -> {
                err.println(line);
                err.flush();
            }, k, warming, reranker);
            if (details) {
                printDetails(out, report);
            }
            out.println(report.toJson());
            out.flush();
        }
        return 0;
    }

    private static void printDetails(PrintWriter out, ResolutionEvaluation.Report report) {
        out.printf(Locale.ROOT, "%-16s %7s %9s %9s %9s %7s%n", "kind", "queries", "recall@1", "recall@3", "recall@5", "mrr");
        report.byKind().forEach((kind, r) -> out.printf(Locale.ROOT, "%-16s %7d %9.3f %9.3f %9.3f %7.3f%n",
                kind, r.queries(), r.recallAt1(), r.recallAt3(), r.recallAt5(), r.mrr()));
        var misses = report.outcomes().stream().filter(o -> o.missesAnyIn(3)).toList();
        out.println("missing a relevant agent in the top 3: " + misses.size() + " of " + report.queries());
        for (var o : misses) {
            var q = o.query();
            // One line per query, however long its text.
            String text = q.text().replaceAll("\\s+", " ");
            out.printf(Locale.ROOT, "  %s [%s] %s%n    relevant %s; returned %s%n", q.id(), q.kind().isEmpty() ? "-" : q.kind(),
                    text.length() > 200 ? text.substring(0, 199) + "\u2026" : text,
                    q.relevant().stream().sorted().toList(), o.ranked().stream().limit(5).toList());
        }
    }

    private WarmUp parseWarmUp() {
        if ("auto".equalsIgnoreCase(warmUp)) {
            return WarmUp.untilCompiled();
        }
        long seconds;
        try {
            seconds = Long.parseLong(warmUp.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warm-up must be a number of seconds or auto, was '" + warmUp + "'");
        }
        if (seconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warm-up must not be negative, was " + seconds);
        }
        return WarmUp.fixed(java.time.Duration.ofSeconds(seconds));
    }

    private ResolutionMode parseMode() {
        try {
            return ResolutionMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be lexical, vector or hybrid, was '" + mode + "'");
        }
    }

    private Fusion parseFusion() {
        return switch (fusion.trim().toLowerCase(Locale.ROOT)) {
            case "linear" -> Fusion.LINEAR;
            case "rrf" -> Fusion.RECIPROCAL_RANK;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--fusion must be linear or rrf, was '" + fusion + "'");
        };
    }
}
