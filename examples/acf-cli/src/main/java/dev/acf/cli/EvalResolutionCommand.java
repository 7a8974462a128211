package dev.acf.cli;

import dev.acf.ans.resolve.Fusion;
import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.ResolutionEvaluation;
import dev.acf.ans.resolve.ResolutionMode;
import dev.acf.ans.resolve.SearchOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acf eval-resolution}: loads a labelled agent set into a fresh in-memory index, runs
 * every labelled intent and prints the quality figures (PERF-2). Progress goes to stderr; the
 * last line of stdout is one JSON object:
 * {@code {"queries":N,"recall@1":..,"recall@3":..,"recall@5":..,"mrr":..,"p50_ms":..,"p99_ms":..}}.
 *
 * <pre>{@code
 * java -jar acf.jar eval-resolution --agents data/resolution/agents.json --queries data/resolution/queries.jsonl --mode hybrid
 * }</pre>
 */
@Command(name = "eval-resolution", mixinStandardHelpOptions = true,
        description = "Measure semantic resolution quality (recall@k, MRR, latency) on a labelled intent set.")
final class EvalResolutionCommand implements Callable<Integer> {
    @Option(names = "--agents", required = true, paramLabel = "FILE", description = "JSON array of agents (id, name, domain, description, skills)")
    Path agents;

    @Option(names = "--queries", required = true, paramLabel = "FILE", description = "JSON lines of {id, query, relevant, kind}")
    Path queries;

    @Option(names = "--mode", defaultValue = "hybrid", paramLabel = "MODE", description = "lexical, vector or hybrid (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--fusion", defaultValue = "linear", paramLabel = "FUSION", description = "hybrid fusion: linear or rrf (default ${DEFAULT-VALUE})")
    String fusion;

    @Option(names = "--k", defaultValue = "5", paramLabel = "K", description = "results per query (default ${DEFAULT-VALUE}); recall@5 and MRR use at least 10")
    int k;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (k < 1 || k > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--k must be 1-100, was " + k);
        }
        SearchOptions options = SearchOptions.defaults().withMode(parseMode()).withFusion(parseFusion());
        var agentRecords = ResolutionEvaluation.readAgents(agents);
        var labelled = ResolutionEvaluation.readQueries(queries);
        err.println("indexing " + agentRecords.size() + " agents...");
        err.flush();
        LuceneAgentIndex.Builder builder = LuceneAgentIndex.builder();
        if (options.mode() == ResolutionMode.LEXICAL) {
            builder.lexicalOnly();
        }
        try (LuceneAgentIndex index = builder.build()) {
            long start = System.nanoTime();
            index.upsertAll(agentRecords);
            err.printf(Locale.ROOT, "indexed in %.0f ms; running %d queries (%s)%n", (System.nanoTime() - start) / 1e6, labelled.size(),
                    options.mode().name().toLowerCase(Locale.ROOT));
            err.flush();
            var report = ResolutionEvaluation.run(index, labelled, options, line -> {
                err.println(line);
                err.flush();
            }, k);
            out.println(report.toJson());
            out.flush();
        }
        return 0;
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
