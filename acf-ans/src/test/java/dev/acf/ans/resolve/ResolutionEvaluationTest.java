package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.json.AcfJson;
import dev.acf.api.resolve.ResolveQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ResolutionEvaluationTest {
    private static final Logger LOG = LoggerFactory.getLogger(ResolutionEvaluationTest.class);

    @Test
    void hybridResolutionKeepsItsQualityOnThePublicSet() {
        var queries = EvaluationFiles.readQueries(PublicSet.queriesFile());
        var report = ResolutionEvaluation.run(PublicSet.index(), queries, SearchOptions.defaults(), LOG::debug);
        LOG.info("hybrid on the public set: {}", report.toJson());

        assertThat(report.queries()).isEqualTo(120);
        assertThat(report.recallAt3()).isGreaterThanOrEqualTo(TARGET_RECALL_AT_3);
        assertThat(report.mrr()).isGreaterThanOrEqualTo(TARGET_MRR);
    }

    @Test
    void hybridResolutionKeepsItsQualityOnAHeldOutCatalogue() {
        var queries = EvaluationFiles.readQueries(PublicSet.holdoutQueriesFile());
        var report = ResolutionEvaluation.run(PublicSet.holdoutIndex(), queries, SearchOptions.defaults(), LOG::debug);
        LOG.info("hybrid on the held-out set: {}", report.toJson());

        assertThat(report.queries()).isEqualTo(67);
        assertThat(report.recallAt3()).isGreaterThanOrEqualTo(HOLDOUT_RECALL_AT_3);
        assertThat(report.mrr()).isGreaterThanOrEqualTo(HOLDOUT_MRR);
    }

    /**
     * Catalogues written without sight of the code (resolution/blind/NOTICE): the floors sit a
     * little under what the default ranking reached when they were added, so a change that
     * helps one labelled set at the others' expense shows here.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "consumer-enterprise, 0.86, 0.87",
        "bilingual, 0.91, 0.93",
        "home-scenarios, 0.85, 0.81",
        "network-ops, 0.91, 0.89"})
    void hybridResolutionHoldsOnCataloguesWrittenWithoutSightOfTheCode(String catalogue, double recallAt3, double mrr) {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().embedder(PublicSet.embedder()).build()) {
            index.upsertAll(EvaluationFiles.readAgents(PublicSet.blindFile(catalogue, "agents.json")));
            var queries = EvaluationFiles.readQueries(PublicSet.blindFile(catalogue, "queries.jsonl"));
            var report = ResolutionEvaluation.run(index, queries, SearchOptions.defaults(), LOG::debug);
            LOG.info("hybrid on the {} catalogue: {}", catalogue, report.toJson());

            assertThat(report.recallAt3()).isGreaterThanOrEqualTo(recallAt3);
            assertThat(report.mrr()).isGreaterThanOrEqualTo(mrr);
        }
    }

    @Test
    void englishIntentsFindAgentsDescribedOnlyInChinese() {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().embedder(PublicSet.embedder()).build()) {
            var agents = EvaluationFiles.readAgents(PublicSet.blindFile("bilingual", "agents.json"));
            index.upsertAll(agents);
            java.util.Set<String> chineseOnly = new java.util.HashSet<>();
            agents.stream().filter(a -> ChineseGlossary.hasChinese(a.agentCard().name()) && ChineseGlossary.hasChinese(a.agentCard().description()))
                    .forEach(a -> chineseOnly.add(a.name().agentLabel()));
            var english = EvaluationFiles.readQueries(PublicSet.blindFile("bilingual", "queries.jsonl")).stream()
                    .filter(q -> !ChineseGlossary.hasChinese(q.text()) && q.relevant().stream().anyMatch(chineseOnly::contains))
                    .toList();
            long found = english.stream().filter(q -> LuceneAgentIndexTest.labels(index.search(ResolveQuery.of(q.text(), 3)))
                    .stream().anyMatch(q.relevant()::contains)).count();
            LOG.info("English intents answered by Chinese-only agents: {} of {} with a relevant agent in the top 3", found, english.size());

            assertThat(chineseOnly).hasSizeGreaterThanOrEqualTo(15);
            assertThat(english).hasSizeGreaterThanOrEqualTo(20);
            assertThat(found).isGreaterThanOrEqualTo(FOUND_FLOOR);
        }
    }

    /** 27 of the 28 such intents when the catalogue was added. */
    private static final long FOUND_FLOOR = 25;

    @Test
    void chineseIntentsFindARelevantAgentInTheTopThree() {
        assertThat(chineseFoundInTopThree(PublicSet.index(), PublicSet.queriesFile())).isGreaterThanOrEqualTo(8);
        assertThat(chineseFoundInTopThree(PublicSet.holdoutIndex(), PublicSet.holdoutQueriesFile())).isGreaterThanOrEqualTo(8);
    }

    private static long chineseFoundInTopThree(LuceneAgentIndex index, java.nio.file.Path queries) {
        var chinese = EvaluationFiles.readQueries(queries).stream().filter(q -> q.kind().equals("other-language")).toList();
        assertThat(chinese).hasSize(10);
        return chinese.stream().filter(q -> LuceneAgentIndexTest.labels(index.search(ResolveQuery.of(q.text(), 3)))
                .stream().anyMatch(q.relevant()::contains)).count();
    }

    @Test
    void recallCountsTheShareOfRelevantAgentsInTheTopK() {
        assertThat(ResolutionEvaluation.recall(List.of("a", "x", "b"), Set.of("a", "b"), 1)).isEqualTo(0.5);
        assertThat(ResolutionEvaluation.recall(List.of("a", "x", "b"), Set.of("a", "b"), 3)).isEqualTo(1.0);
    }

    @Test
    void figuresOfEachKindComeFromThatKindsQueriesAlone() {
        var single = new ResolutionEvaluation.LabelledQuery("a", "x", Set.of("good"), "single");
        var typo = new ResolutionEvaluation.LabelledQuery("b", "y", Set.of("good", "also"), "typo");
        var report = ResolutionEvaluation.Report.of(List.of(
                new ResolutionEvaluation.Outcome(single, List.of("good", "other"), 1.0),
                new ResolutionEvaluation.Outcome(typo, List.of("other", "x", "y", "good"), 3.0)));

        assertThat(report.mrr()).isEqualTo((1.0 + 0.25) / 2);
        assertThat(report.recallAt5()).isEqualTo((1.0 + 0.5) / 2);
        assertThat(report.byKind()).containsOnlyKeys("single", "typo");
        assertThat(report.byKind().get("typo").mrr()).isEqualTo(0.25);
        assertThat(report.byKind().get("typo").recallAt3()).isZero();
        assertThat(report.byKind().get("single").recallAt1()).isEqualTo(1.0);
        assertThat(report.outcomes().get(1).firstRelevantRank()).isEqualTo(4);
        assertThat(report.outcomes().get(1).missesAnyIn(5)).isTrue();
        assertThat(report.outcomes().get(0).missesAnyIn(1)).isFalse();
    }

    @Test
    void afterAWarmUpTheLatenciesComeFromAThousandSearchesAndWithoutOneFromTheMeasuredPass() {
        List<AgentRecord> records = List.of(
                EvaluationFiles.toRecord(AcfJson.mapper().valueToTree(EvaluationFilesTest.agent("billing", null, "Explains bills", "why is my bill high"))),
                EvaluationFiles.toRecord(AcfJson.mapper().valueToTree(EvaluationFilesTest.agent("fibre", null, "Repairs fibre faults", "my fibre is down"))));
        var queries = List.of(
                new ResolutionEvaluation.LabelledQuery("q1", "my bill is too high", Set.of("billing"), "single"),
                new ResolutionEvaluation.LabelledQuery("q2", "fibre fault at home", Set.of("fibre"), "single"),
                new ResolutionEvaluation.LabelledQuery("q3", "bill and fibre", Set.of("billing", "fibre"), "multi"));
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().lexicalOnly().answerCacheSize(0).build()) {
            index.upsertAll(records);
            List<String> warmed = new java.util.ArrayList<>();
            List<String> cold = new java.util.ArrayList<>();

            var afterWarmUp = ResolutionEvaluation.run(index, queries, SearchOptions.defaults(), warmed::add, 5,
                    WarmUp.fixed(java.time.Duration.ofMillis(1)), null);
            var quality = ResolutionEvaluation.run(index, queries, SearchOptions.defaults(), cold::add, 5, java.time.Duration.ZERO);

            // Three queries: the most passes (10), 30 searches.
            assertThat(warmed).contains("timed 30 searches (10 passes) for the latencies");
            assertThat(cold).noneMatch(line -> line.startsWith("timed") || line.startsWith("warm"));
            // The figures of quality are the measured pass's, warm-up or not.
            assertThat(afterWarmUp.recallAt3()).isEqualTo(quality.recallAt3()).isEqualTo(1.0);
            assertThat(afterWarmUp.mrr()).isEqualTo(quality.mrr());
            assertThat(afterWarmUp.outcomes()).hasSize(3);
        }
    }

    @Test
    void theLatenciesOfAReportAreThoseOfTheSearchesItIsGiven() {
        var q = new ResolutionEvaluation.LabelledQuery("q1", "my bill", Set.of("billing"), "single");
        var outcomes = List.of(new ResolutionEvaluation.Outcome(q, List.of("billing"), 50.0));
        double[] searches = new double[100];
        for (int i = 0; i < searches.length; i++) {
            searches[i] = i + 1; // 1..100 ms
        }

        var report = ResolutionEvaluation.Report.of(outcomes, searches);

        assertThat(report.p50Ms()).isEqualTo(50.0);
        assertThat(report.p99Ms()).isEqualTo(99.0);
        assertThat(report.queries()).isEqualTo(1);
        assertThat(ResolutionEvaluation.Report.of(outcomes).p99Ms()).isEqualTo(50.0);
    }

    /** PERF-2's targets; the default ranking reaches recall@3 0.904 and MRR 0.916 on the public set. */
    static final double TARGET_RECALL_AT_3 = 0.90;
    static final double TARGET_MRR = 0.90;
    /** Floors a little under what the default ranking reaches on the held-out set (0.978 and 0.942). */
    static final double HOLDOUT_RECALL_AT_3 = 0.95;
    static final double HOLDOUT_MRR = 0.92;
}
