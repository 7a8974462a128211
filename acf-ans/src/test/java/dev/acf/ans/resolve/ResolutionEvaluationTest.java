package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.resolve.ResolveQuery;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ResolutionEvaluationTest {
    private static final Logger LOG = LoggerFactory.getLogger(ResolutionEvaluationTest.class);

    @Test
    void hybridResolutionKeepsItsQualityOnThePublicSet() {
        var queries = ResolutionEvaluation.readQueries(PublicSet.queriesFile());
        var report = ResolutionEvaluation.run(PublicSet.index(), queries, SearchOptions.defaults(), LOG::debug);
        LOG.info("hybrid on the public set: {}", report.toJson());

        assertThat(report.queries()).isEqualTo(120);
        assertThat(report.recallAt3()).isGreaterThanOrEqualTo(TARGET_RECALL_AT_3);
        assertThat(report.mrr()).isGreaterThanOrEqualTo(TARGET_MRR);
    }

    @Test
    void chineseIntentsFindARelevantAgentInTheTopThree() {
        var chinese = ResolutionEvaluation.readQueries(PublicSet.queriesFile()).stream().filter(q -> q.kind().equals("other-language")).toList();
        long found = chinese.stream().filter(q -> LuceneAgentIndexTest.labels(PublicSet.index().search(ResolveQuery.of(q.text(), 3)))
                .stream().anyMatch(q.relevant()::contains)).count();

        assertThat(chinese).hasSize(10);
        assertThat(found).isGreaterThanOrEqualTo(8);
    }

    @Test
    void recallCountsTheShareOfRelevantAgentsInTheTopK() {
        assertThat(ResolutionEvaluation.recall(List.of("a", "x", "b"), Set.of("a", "b"), 1)).isEqualTo(0.5);
        assertThat(ResolutionEvaluation.recall(List.of("a", "x", "b"), Set.of("a", "b"), 3)).isEqualTo(1.0);
    }

    @Test
    void agentsBecomeActiveRecordsNamedAfterIdAndDomain() {
        var records = PublicSet.agents();

        assertThat(records).hasSize(100);
        assertThat(records.get(0).name().toString()).isEqualTo("ans://v1.0.0.intent-recognition.orchestration.example.net");
        assertThat(records.get(0).capabilities()).extracting(c -> c.id()).containsExactly("intent-classify", "slot-extract");
    }

    /**
     * Regression floors just under what the default ranking reaches today (recall@3 0.875,
     * MRR 0.890); PERF-2 asks for 0.90 on both, not reached yet.
     */
    static final double TARGET_RECALL_AT_3 = 0.86;
    static final double TARGET_MRR = 0.88;
}
