package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.ans.resolve.RankFusion.Hit;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {
    private static Hit hit(String key, double score) {
        return new Hit(key, key + "-skill", score);
    }

    @Test
    void diversificationLiftsTheBestAgentOfANeedTheHeadLeavesUncovered() {
        // The whole intent is dominated by need A: two near-duplicates of it lead, need B's agent is fourth.
        List<Hit> whole = List.of(hit("a1", 1.0), hit("a2", 0.9), hit("x", 0.7), hit("b1", 0.6));
        List<Hit> needA = List.of(hit("a1", 1.0), hit("a2", 0.95));
        List<Hit> needB = List.of(hit("b1", 1.0), hit("x", 0.2));

        List<Hit> out = RankFusion.diversified(whole, List.of(needA, needB), 0.7, 0.7, 20);

        assertThat(out).extracting(Hit::key).startsWith("a1", "b1").containsExactlyInAnyOrder("a1", "a2", "x", "b1");
    }

    @Test
    void aSingleNeedKeepsTheRanking() {
        List<Hit> whole = List.of(hit("a1", 1.0), hit("a2", 0.9), hit("b1", 0.6));

        assertThat(RankFusion.diversified(whole, List.of(List.of(hit("b1", 1.0))), 0.7, 0.7, 20)).isEqualTo(whole);
    }

    @Test
    void onlyTheHeadIsReordered() {
        List<Hit> whole = List.of(hit("a1", 1.0), hit("a2", 0.9), hit("b1", 0.6));
        List<Hit> needA = List.of(hit("a1", 1.0), hit("a2", 1.0));
        List<Hit> needB = List.of(hit("b1", 1.0));

        assertThat(RankFusion.diversified(whole, List.of(needA, needB), 0.7, 0.7, 2)).extracting(Hit::key).containsExactly("a1", "a2", "b1");
    }
}
