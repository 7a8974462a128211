package dev.acf.ans.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import dev.acf.api.security.InspectionResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures an {@link InjectionDetector} on a labelled message file: one JSON object per line
 * with {@code text} and {@code label}, either {@code injection}/{@code benign} or {@code 1}/{@code 0}.
 * A message counts as detected when the verdict is {@code BLOCK}. Reports the true- and
 * false-positive rates, the balanced accuracy (their mean of TPR and 1 - FPR) and the 99th
 * percentile of the per-message inspection time.
 *
 * <pre>{@code
 * InjectionEvaluation.Result r = InjectionEvaluation.run(detector, InjectionEvaluation.read(Path.of("ops-messages.jsonl")));
 * System.out.println(r.toJson());
 * }</pre>
 */
public final class InjectionEvaluation {

    /**
     * One labelled message.
     *
     * @param id the message id, or its line number
     * @param text the message
     * @param injection whether it is labelled an injection
     */
    public record Message(String id, String text, boolean injection) {}

    /**
     * The figures of one run.
     *
     * @param messages how many messages were inspected
     * @param tpr the share of injections blocked
     * @param fpr the share of benign messages blocked
     * @param balancedAccuracy the mean of TPR and 1 - FPR
     * @param p99Millis the 99th percentile of the inspection time of one message, in milliseconds
     */
    public record Result(int messages, double tpr, double fpr, double balancedAccuracy, double p99Millis) {
        /** Returns the figures as one JSON line. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"messages\":%d,\"tpr\":%.4f,\"fpr\":%.4f,\"balanced_accuracy\":%.4f,\"p99_ms\":%.3f}",
                    messages, tpr, fpr, balancedAccuracy, p99Millis);
        }
    }

    private InjectionEvaluation() {}

    /**
     * Reads a labelled message file.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a line has no text or an unknown label
     */
    public static List<Message> read(Path file) throws IOException {
        List<Message> out = new ArrayList<>();
        int line = 0;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (raw.isBlank()) {
                continue;
            }
            JsonNode node = AcfJson.readTree(raw.getBytes(StandardCharsets.UTF_8));
            String label = node.path("label").asText("").trim().toLowerCase(Locale.ROOT);
            boolean injection = switch (label) {
                case "injection", "1", "malicious", "true" -> true;
                case "benign", "0", "false" -> false;
                default -> throw new IllegalArgumentException(file + " line " + line + ": label must be injection|benign or 1|0, was '"
                        + label + "'");
            };
            if (!node.path("text").isTextual()) {
                throw new IllegalArgumentException(file + " line " + line + ": no text");
            }
            out.add(new Message(node.path("id").asText("line-" + line), node.path("text").asText(), injection));
        }
        return out;
    }

    /** Inspects every message once (after one warm-up pass over the first few) and returns the figures. */
    public static Result run(InjectionDetector detector, List<Message> messages) {
        for (int i = 0; i < Math.min(20, messages.size()); i++) {
            detector.assess(messages.get(i).text());
        }
        long[] nanos = new long[messages.size()];
        int tp = 0;
        int fp = 0;
        int positives = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            long start = System.nanoTime();
            boolean blocked = detector.assess(m.text()).verdict() == InspectionResult.Verdict.BLOCK;
            nanos[i] = System.nanoTime() - start;
            if (m.injection()) {
                positives++;
                tp += blocked ? 1 : 0;
            } else {
                fp += blocked ? 1 : 0;
            }
        }
        int negatives = messages.size() - positives;
        double tpr = positives == 0 ? 0 : (double) tp / positives;
        double fpr = negatives == 0 ? 0 : (double) fp / negatives;
        Arrays.sort(nanos);
        double p99 = nanos.length == 0 ? 0 : nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6;
        return new Result(messages.size(), tpr, fpr, (tpr + 1 - fpr) / 2, p99);
    }
}
