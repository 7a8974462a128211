package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexicalSearchTest {
    private static final SearchOptions LEXICAL = SearchOptions.defaults().withMode(ResolutionMode.LEXICAL);

    @Test
    void twoStagesRankThePublicIntentsAsTheExactQueryDoes() {
        assertSameAnswers(PublicSet.agents(), PublicSet.queriesFile(), LuceneAgentIndex.DEFAULT_LEXICAL_CANDIDATES, true);
    }

    @Test
    void twoStagesRankTheHeldOutIntentsAsTheExactQueryDoes() {
        assertSameAnswers(ResolutionEvaluation.readAgents(PublicSet.holdoutAgentsFile()), PublicSet.holdoutQueriesFile(),
                LuceneAgentIndex.DEFAULT_LEXICAL_CANDIDATES, true);
    }

    @Test
    void aFirstStageOfAQuarterOfTheDocumentsStillFindsTheAgentsOfTheExactRanking() {
        // About 420 documents: 100 candidates leave most of them to the first stage's judgement.
        // Scores may move a little (a fused list is scaled by its last entry, which may differ), and so may
        // the order of near-ties low in the answer (an agent whose best document was not a candidate), the agents may not.
        assertSameAnswers(PublicSet.agents(), PublicSet.queriesFile(), 100, false);
    }

    @Test
    void aNegativeCandidateCountIsRefused() {
        assertThatThrownBy(() -> LuceneAgentIndex.builder().lexicalCandidates(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSameAnswers(List<AgentRecord> agents, java.nio.file.Path queries, int candidates, boolean scores) {
        try (LuceneAgentIndex exact = LuceneAgentIndex.builder().lexicalOnly().lexicalCandidates(0).answerCacheSize(0).build();
                LuceneAgentIndex staged = LuceneAgentIndex.builder().lexicalOnly().lexicalCandidates(candidates).answerCacheSize(0).build()) {
            exact.upsertAll(agents);
            staged.upsertAll(agents);
            List<String> differing = new ArrayList<>();
            for (var q : ResolutionEvaluation.readQueries(queries)) {
                ResolveQuery query = ResolveQuery.of(q.text(), 5);
                List<String> expected = answers(exact.search(query, LEXICAL), scores);
                List<String> actual = answers(staged.search(query, LEXICAL), scores);
                boolean same = scores || candidates >= LexicalSearch.DEFAULT_CANDIDATES ? expected.equals(actual)
                        : expected.subList(0, Math.min(3, expected.size())).equals(actual.subList(0, Math.min(3, actual.size())))
                                && expected.size() == actual.size() && expected.containsAll(actual);
                if (!same) {
                    differing.add(q.id() + ": " + expected + " != " + actual);
                }
            }
            assertThat(differing).isEmpty();
        }
    }

    /** Agents in order, with their skill and score when asked: the whole answer, not only its order. */
    private static List<String> answers(List<ResolveResult> results, boolean scores) {
        return results.stream().map(r -> scores ? r.name() + "/" + r.skill() + "/" + r.score() : r.name().toString()).toList();
    }
}
