package dev.acf.cli;

import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.ans.security.InjectionDetector;
import dev.acf.ans.security.InjectionEvaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acf eval-injection}: runs the built-in prompt-injection detector (ANS-SEC-2) over a
 * labelled message file (JSON lines with {@code text} and {@code label}, {@code injection|benign}
 * or {@code 1|0}) and prints the figures; a message counts as detected when it is blocked.
 * Progress goes to stderr; the last line of stdout is one JSON object:
 * {@code {"messages":N,"tpr":..,"fpr":..,"balanced_accuracy":..,"p99_ms":..}}.
 *
 * <pre>{@code
 * java -jar acf.jar eval-injection --messages data/injection/ops-messages.jsonl
 * }</pre>
 */
@Command(name = "eval-injection", mixinStandardHelpOptions = true,
        description = "Measure prompt-injection detection (TPR, FPR, balanced accuracy, p99 latency) on a labelled message set.")
final class EvalInjectionCommand implements Callable<Integer> {
    @Option(names = "--messages", required = true, paramLabel = "FILE", description = "JSON lines of {id, text, label}; label injection|benign or 1|0")
    Path messages;

    @Option(names = "--block-threshold", paramLabel = "SCORE", description = "score at or above which a message is blocked (default "
            + InjectionDetector.DEFAULT_BLOCK_THRESHOLD + ")")
    double blockThreshold = InjectionDetector.DEFAULT_BLOCK_THRESHOLD;

    @Option(names = "--similarity-weight", paramLabel = "W", description = "weight of the exemplar similarity margin (default "
            + InjectionDetector.DEFAULT_SIMILARITY_WEIGHT + ")")
    double similarityWeight = InjectionDetector.DEFAULT_SIMILARITY_WEIGHT;

    @Option(names = "--rules-only", description = "skip the embedding similarity check")
    boolean rulesOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<InjectionEvaluation.Message> labelled;
        try {
            labelled = InjectionEvaluation.read(messages);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + messages + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        InjectionDetector detector = InjectionDetector.builder()
                .embedder(rulesOnly ? null : new MiniLmEmbedder())
                .blockThreshold(blockThreshold)
                .flagThreshold(Math.min(InjectionDetector.DEFAULT_FLAG_THRESHOLD, blockThreshold))
                .similarityWeight(similarityWeight)
                .build();
        err.println("inspecting " + labelled.size() + " messages" + (rulesOnly ? " (rules only)" : "") + "...");
        err.flush();
        out.println(InjectionEvaluation.run(detector, labelled).toJson());
        out.flush();
        return 0;
    }
}
