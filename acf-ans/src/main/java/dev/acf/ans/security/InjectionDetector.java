package dev.acf.ans.security;

import dev.acf.api.resolve.Embedder;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ContentInspector;
import dev.acf.api.security.InspectionResult;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The built-in prompt-injection detector (ANS-SEC-2, GW-SEC-2): a {@link ContentInspector} that
 * normalizes a text ({@link TextNormalizer}: invisible and tag characters, NFKC, homoglyphs,
 * leetspeak, spelled-out words; base64, hex and URL-encoded segments and hidden markup decoded and
 * inspected on their own), adds the weights of the injection rules that match (instruction
 * override, role hijack, system-prompt leaks, fake delimiters, credential and data exfiltration,
 * tool misuse and stealth, jailbreak framings; common phrases in German, French, Spanish and
 * Chinese) and, with an {@link Embedder}, how much nearer the text is to a curated library of
 * attack exemplars than to benign ones. At or above the block threshold the verdict is
 * {@code BLOCK}, at or above the flag threshold {@code FLAG}, else {@code ALLOW}; the rule id names
 * the strongest rule, or {@code injection.semantic.<category>} when similarity decided.
 *
 * <p>Thread-safe; no I/O. One inspection costs one embedding (a few milliseconds on a CPU) plus
 * the regular expressions; the exemplars are embedded once, on the first inspection.
 *
 * <pre>{@code
 * InjectionDetector detector = InjectionDetector.builder().embedder(new MiniLmEmbedder()).build();
 * InspectionResult r = detector.inspect(ContentInspector.Direction.REQUEST, caller, "Ignore previous instructions...");
 * }</pre>
 */
public final class InjectionDetector implements ContentInspector {
    /** The default block threshold, calibrated on public data sets (see the security page). */
    public static final double DEFAULT_BLOCK_THRESHOLD = 0.6;
    /** The default flag threshold. */
    public static final double DEFAULT_FLAG_THRESHOLD = 0.3;
    /** The default weight of the similarity margin. */
    public static final double DEFAULT_SIMILARITY_WEIGHT = 3.0;
    /** The prefix of every rule id this detector reports. */
    public static final String RULE_PREFIX = "injection.";

    private static final Map<String, Double> SIGNAL_WEIGHTS = Map.of(
            "zero-width", 0.25, "homoglyph", 0.4, "tag-characters", 0.6, "leetspeak", 0.35, "spelled-out", 0.3);
    private static final Set<String> HIDDEN_KINDS = Set.of("base64", "hex", "url", "tag-characters", "hidden-markup");
    private static final double MAX_RULE_SCORE = 3.0;

    private final InjectionRules rules;
    private final @Nullable Embedder embedder;
    private volatile @Nullable ExemplarLibrary library;
    private final double blockThreshold;
    private final double flagThreshold;
    private final double similarityWeight;

    private InjectionDetector(Builder b) {
        this.rules = InjectionRules.builtIn();
        this.embedder = b.embedder;
        this.blockThreshold = b.blockThreshold;
        this.flagThreshold = b.flagThreshold;
        this.similarityWeight = b.similarityWeight;
    }

    /** Returns a builder with the default thresholds and no embedder (rules only). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public InspectionResult inspect(Direction direction, CallerIdentity caller, String content) {
        return assess(content).toResult();
    }

    /** Scores one text and returns the verdict with the features behind it. */
    public InjectionAssessment assess(String content) {
        TextNormalizer.Normalized n = TextNormalizer.normalize(content);
        Map<String, Double> hits = new LinkedHashMap<>(rules.match(n.text(), n.compact()));
        if (!n.alternate().isEmpty()) {
            rules.match(n.alternate(), n.alternate().replaceAll("[^\\p{L}]+", "")).forEach((id, w) -> hits.merge(id, w, Math::max));
        }
        Set<String> signals = new HashSet<>(n.signals());
        double similarity = 0;
        String category = "none";
        ExemplarLibrary lib = library();
        if (lib != null && !n.text().isBlank()) {
            ExemplarLibrary.Nearest near = lib.nearest(n.text());
            similarity = near.margin();
            category = near.category();
        }
        for (TextNormalizer.Segment segment : n.segments()) {
            if (!HIDDEN_KINDS.contains(segment.kind())) {
                continue;
            }
            Map<String, Double> inner = rules.match(segment.text(), segment.text().replaceAll("[^\\p{L}]+", ""));
            double positive = inner.values().stream().filter(w -> w > 0).mapToDouble(Double::doubleValue).sum();
            inner.forEach((id, w) -> hits.merge(id, w, Math::max));
            if (lib != null && segment.text().length() >= 12) {
                ExemplarLibrary.Nearest near = lib.nearest(segment.text());
                if (near.margin() > similarity) {
                    similarity = near.margin();
                    category = near.category();
                }
                positive += Math.max(0, near.margin()) * similarityWeight;
            }
            if (positive >= 0.5) {
                // Hiding an instruction is itself evidence of intent.
                hits.merge("obfuscation." + segment.kind() + "-payload", 0.6, Math::max);
            }
        }
        double positives = hits.values().stream().filter(w -> w > 0).mapToDouble(Double::doubleValue).sum();
        if (positives > 0) {
            for (String signal : signals) {
                Double w = SIGNAL_WEIGHTS.get(signal);
                if (w != null) {
                    hits.put("obfuscation." + signal, w);
                }
            }
        }
        double positive = Math.min(MAX_RULE_SCORE, hits.values().stream().filter(w -> w > 0).mapToDouble(Double::doubleValue).sum());
        double negative = hits.values().stream().filter(w -> w < 0).mapToDouble(Double::doubleValue).sum();
        // Text that discusses attacks (an advisory, a detection rule) quotes their phrases: those count half.
        double ruleScore = negative < 0 ? positive / 2 + negative : positive;
        double semantic = similarityWeight * similarity;
        double score = ruleScore + semantic;
        String top = hits.entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
        String ruleId = RULE_PREFIX + (top == null || semantic > ruleScore ? "semantic." + category : top);
        InspectionResult.Verdict verdict = score >= blockThreshold ? InspectionResult.Verdict.BLOCK
                : score >= flagThreshold ? InspectionResult.Verdict.FLAG : InspectionResult.Verdict.ALLOW;
        return new InjectionAssessment(score, verdict, ruleId, hits, ruleScore, similarity, signals);
    }

    /** Embeds the exemplars now instead of on the first inspection; returns this detector. */
    public InjectionDetector warmUp() {
        library();
        return this;
    }

    /** Embeds the exemplars on first use, so a detector that never inspects costs nothing. */
    private @Nullable ExemplarLibrary library() {
        ExemplarLibrary lib = library;
        if (lib == null && embedder != null) {
            synchronized (this) {
                lib = library;
                if (lib == null) {
                    lib = ExemplarLibrary.builtIn(embedder);
                    library = lib;
                }
            }
        }
        return lib;
    }

    /** Returns the score at or above which a text is blocked. */
    public double blockThreshold() {
        return blockThreshold;
    }

    /** Configures an {@link InjectionDetector}; not thread-safe. */
    public static final class Builder {
        private @Nullable Embedder embedder;
        private double blockThreshold = DEFAULT_BLOCK_THRESHOLD;
        private double flagThreshold = DEFAULT_FLAG_THRESHOLD;
        private double similarityWeight = DEFAULT_SIMILARITY_WEIGHT;

        private Builder() {}

        /** Adds the similarity check with this embedder (not closed by the detector); without one, rules only. */
        public Builder embedder(@Nullable Embedder value) {
            this.embedder = value;
            return this;
        }

        /** Sets the score at or above which a text is blocked. */
        public Builder blockThreshold(double value) {
            this.blockThreshold = value;
            return this;
        }

        /** Sets the score at or above which a text is flagged (audited but allowed). */
        public Builder flagThreshold(double value) {
            this.flagThreshold = value;
            return this;
        }

        /** Sets the weight of the similarity margin (attack minus benign cosine) in the score. */
        public Builder similarityWeight(double value) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("similarityWeight must be at least 0, was " + value);
            }
            this.similarityWeight = value;
            return this;
        }

        /**
         * Returns the detector; embeds the exemplars when an embedder is set.
         *
         * @throws IllegalArgumentException when the flag threshold is above the block threshold
         */
        public InjectionDetector build() {
            if (flagThreshold > blockThreshold) {
                throw new IllegalArgumentException("flagThreshold " + flagThreshold + " is above blockThreshold " + blockThreshold);
            }
            return new InjectionDetector(this);
        }
    }
}
