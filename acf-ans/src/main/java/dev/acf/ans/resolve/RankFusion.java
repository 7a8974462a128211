package dev.acf.ans.resolve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fusing ranked agent lists: reciprocal rank fusion and a normalized linear blend, the
 * combination of the lists of an intent's clauses, and the diversification of the answer over
 * those clauses. Lists hold one entry per agent, best first; fused lists carry scores in 0-1. Stateless and thread-safe.
 */
final class RankFusion {
    /** The usual RRF constant: damps the weight of the very first ranks. */
    static final int RRF_K = 60;

    private RankFusion() {}

    /** One agent in a ranking, with its best skill (or {@code null} for agent-level text) and score. */
    record Hit(String key, @org.jspecify.annotations.Nullable String skill, double score) {}

    /** Reciprocal rank fusion of weighted lists, normalized so an agent first everywhere scores 1. */
    static List<Hit> reciprocalRank(List<List<Hit>> lists, double[] weights) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, Hit> best = new HashMap<>();
        double max = 0;
        for (int l = 0; l < lists.size(); l++) {
            List<Hit> list = lists.get(l);
            max += weights[l] / (RRF_K + 1);
            for (int rank = 0; rank < list.size(); rank++) {
                Hit h = list.get(rank);
                double contribution = weights[l] / (RRF_K + rank + 1);
                scores.computeIfAbsent(h.key(), k -> new double[1])[0] += contribution;
                keepBestSkill(best, h, contribution);
            }
        }
        return sorted(scores, best, max);
    }

    /**
     * A linear blend: each list's scores scaled to 0-1 by its best score (a missing agent
     * counts 0), then weighted and summed.
     */
    static List<Hit> linear(List<List<Hit>> lists, double[] weights) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, Hit> best = new HashMap<>();
        double max = 0;
        for (int l = 0; l < lists.size(); l++) {
            List<Hit> list = lists.get(l);
            if (list.isEmpty()) {
                continue;
            }
            max += weights[l];
            double top = list.get(0).score();
            double bottom = list.get(list.size() - 1).score();
            double range = top - bottom;
            for (Hit h : list) {
                double normalized = range <= 0 ? 1.0 : (h.score() - bottom) / range;
                double contribution = weights[l] * normalized;
                scores.computeIfAbsent(h.key(), k -> new double[1])[0] += contribution;
                keepBestSkill(best, h, contribution);
            }
        }
        return sorted(scores, best, max);
    }

    /**
     * Reorders the head of a ranking so that it covers each need of a multi-need intent
     * (ANS-RES-3), in the manner of xQuAD: agents are picked one by one, each time the one
     * with the best blend of its own score and of how well it answers the needs that the
     * agents picked so far leave uncovered. A need's coverage by an agent is the agent's
     * score in that need's ranking relative to the need's best agent, times {@code coverage}.
     *
     * @param ranking the fused ranking of the whole intent, best first, scores 0-1
     * @param needs one ranking per need (clause) of the intent; fewer than two change nothing
     * @param lambda the weight of novel coverage against the agent's own score, 0-1
     * @param coverage how much of a need its best agent covers, 0-1
     * @param head how many of the first agents to reorder; the rest keep their order
     */
    static List<Hit> diversified(List<Hit> ranking, List<List<Hit>> needs, double lambda, double coverage, int head) {
        int n = Math.min(head, ranking.size());
        if (needs.size() < 2 || n < 2) {
            return ranking;
        }
        List<Map<String, Double>> covered = new ArrayList<>(needs.size());
        for (List<Hit> need : needs) {
            Map<String, Double> c = new HashMap<>();
            double top = need.isEmpty() ? 0 : need.get(0).score();
            need.forEach(h -> c.put(h.key(), top <= 0 ? 0 : coverage * h.score() / top));
            covered.add(c);
        }
        double[] uncovered = new double[needs.size()];
        java.util.Arrays.fill(uncovered, 1.0);
        List<Hit> pool = new ArrayList<>(ranking.subList(0, n));
        List<Hit> out = new ArrayList<>(ranking.size());
        while (!pool.isEmpty()) {
            Hit pick = null;
            double pickValue = Double.NEGATIVE_INFINITY;
            for (Hit h : pool) {
                double novelty = 0;
                for (int i = 0; i < needs.size(); i++) {
                    novelty += uncovered[i] * covered.get(i).getOrDefault(h.key(), 0.0);
                }
                double value = (1 - lambda) * h.score() + lambda * novelty / needs.size();
                if (value > pickValue) {
                    pick = h;
                    pickValue = value;
                }
            }
            pool.remove(pick);
            out.add(pick);
            for (int i = 0; i < needs.size(); i++) {
                uncovered[i] *= 1 - covered.get(i).getOrDefault(pick.key(), 0.0);
            }
        }
        out.addAll(ranking.subList(n, ranking.size()));
        return out;
    }

    /** Keeps, per agent, the skill of its strongest skill-level hit; agent-level hits name no skill. */
    private static void keepBestSkill(Map<String, Hit> best, Hit h, double contribution) {
        Hit previous = best.get(h.key());
        if (h.skill() == null) {
            if (previous == null) {
                best.put(h.key(), new Hit(h.key(), null, -1));
            }
        } else if (previous == null || previous.skill() == null || contribution > previous.score()) {
            best.put(h.key(), new Hit(h.key(), h.skill(), contribution));
        }
    }

    private static List<Hit> sorted(Map<String, double[]> scores, Map<String, Hit> best, double max) {
        List<Hit> out = new ArrayList<>(scores.size());
        double scale = max <= 0 ? 1 : max;
        scores.forEach((key, s) -> out.add(new Hit(key, best.get(key).skill(), Math.min(1.0, s[0] / scale))));
        out.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::key));
        return out;
    }
}
