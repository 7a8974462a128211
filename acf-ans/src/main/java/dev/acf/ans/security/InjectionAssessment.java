package dev.acf.ans.security;

import dev.acf.api.security.InspectionResult;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@link InjectionDetector} made of one text: the score and the features behind it.
 *
 * @param score the combined score; at or above the block threshold the text is blocked
 * @param verdict the verdict for this score under the detector's thresholds
 * @param ruleId the id of the rule (or similarity category) that contributed most, such as
 *     {@code injection.override.ignore-previous} or {@code injection.semantic.tool-misuse}
 * @param rules the rules that matched, by id, with their weights
 * @param ruleScore the sum of the matched rules' weights
 * @param similarity the nearest attack exemplar's cosine similarity minus the nearest benign one's (0 without an embedder)
 * @param signals the obfuscations normalization undid, such as {@code zero-width} or {@code base64}
 */
public record InjectionAssessment(double score, InspectionResult.Verdict verdict, String ruleId, Map<String, Double> rules,
        double ruleScore, double similarity, Set<String> signals) {

    /** Copies the collections. */
    public InjectionAssessment {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(ruleId, "ruleId");
        rules = Map.copyOf(rules);
        signals = Set.copyOf(signals);
    }

    /** Returns the verdict as an {@link InspectionResult} naming the rule and the score. */
    public InspectionResult toResult() {
        String reason = String.format(java.util.Locale.ROOT, "prompt injection suspected (rule %s, score %.2f)", ruleId, score);
        return switch (verdict) {
            case BLOCK -> InspectionResult.block(ruleId, reason);
            case FLAG -> InspectionResult.flag(ruleId, reason);
            default -> InspectionResult.allow();
        };
    }
}
