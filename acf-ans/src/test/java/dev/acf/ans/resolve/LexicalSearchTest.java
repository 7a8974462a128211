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

    /** A re-ranking of this many candidates holds every labelled document worth ranking (about 420 in all). */
    private static final int MOST = 300;

    @Test
    void reRankingTheCandidatesRanksThePublicIntentsAsThePerFieldQueryDoes() {
        assertSameAnswers(PublicSet.agents(), PublicSet.queriesFile(), MOST, true);
    }

    @Test
    void reRankingTheCandidatesRanksTheHeldOutIntentsAsThePerFieldQueryDoes() {
        assertSameAnswers(EvaluationFiles.readAgents(PublicSet.holdoutAgentsFile()), PublicSet.holdoutQueriesFile(), MOST, true);
    }

    @Test
    void aFirstStageOfAQuarterOfTheDocumentsStillFindsTheAgentsOfThePerFieldRanking() {
        // About 420 documents: 100 candidates leave most of them to the first stage's judgement.
        // Scores may move a little (a fused list is scaled by its last entry, which may differ), and so may
        // the order of near-ties low in the answer (an agent whose best document was not a candidate), the agents may not.
        assertSameAnswers(PublicSet.agents(), PublicSet.queriesFile(), 100, false);
    }

    @Test
    void theCombinedFieldAloneRanksTheLabelledSetsAboutAsWellAsThePerFieldQuery() {
        assertRanksAboutAsWell(PublicSet.agents(), PublicSet.queriesFile());
        assertRanksAboutAsWell(EvaluationFiles.readAgents(PublicSet.holdoutAgentsFile()), PublicSet.holdoutQueriesFile());
    }

    private static void assertRanksAboutAsWell(List<AgentRecord> agents, java.nio.file.Path queries) {
        assertThat(LuceneAgentIndex.DEFAULT_LEXICAL_CANDIDATES).isZero();
        try (LuceneAgentIndex perField = LuceneAgentIndex.builder().lexicalOnly()
                        .lexicalCandidates(LuceneAgentIndex.ALL_LEXICAL_CANDIDATES).answerCacheSize(0).build();
                LuceneAgentIndex combined = LuceneAgentIndex.builder().lexicalOnly().answerCacheSize(0).build()) {
            perField.upsertAll(agents);
            combined.upsertAll(agents);
            var labelled = EvaluationFiles.readQueries(queries);
            var reference = ResolutionEvaluation.run(perField, labelled, LEXICAL, line -> {}, 10);
            var report = ResolutionEvaluation.run(combined, labelled, LEXICAL, line -> {}, 10);
            // Measured: MRR 0.886 against 0.867 (public) and 0.929 against 0.920 (held-out); recall@3 0.900 against 0.886 and 0.955 against 0.985.
            assertThat(report.mrr()).isGreaterThanOrEqualTo(reference.mrr() - 0.01);
            assertThat(report.recallAt3()).isGreaterThanOrEqualTo(reference.recallAt3() - 0.05);
        }
    }

    @Test
    void aWordInMostDocumentsIsLeftOutWhileARarerOneRemains() throws Exception {
        try (org.apache.lucene.store.Directory dir = new org.apache.lucene.store.ByteBuffersDirectory()) {
            try (org.apache.lucene.index.IndexWriter w = new org.apache.lucene.index.IndexWriter(dir,
                    new org.apache.lucene.index.IndexWriterConfig(new org.apache.lucene.analysis.core.WhitespaceAnalyzer()))) {
                for (String text : List.of("check charg", "check", "check", "fix")) {
                    org.apache.lucene.document.Document d = new org.apache.lucene.document.Document();
                    d.add(new org.apache.lucene.document.TextField(AgentDocuments.ALL, text, org.apache.lucene.document.Field.Store.NO));
                    w.addDocument(d);
                }
            }
            try (org.apache.lucene.index.DirectoryReader reader = org.apache.lucene.index.DirectoryReader.open(dir)) {
                LexicalSearch.Word check = new LexicalSearch.Word(List.of("check"));
                LexicalSearch.Word charges = new LexicalSearch.Word(List.of("charg"));
                LexicalSearch.Word fix = new LexicalSearch.Word(List.of("fix"));

                assertThat(LexicalSearch.withoutCommonWords(List.of(check, charges), reader)).containsExactly(charges);
                assertThat(LexicalSearch.withoutCommonWords(List.of(check, fix), reader)).containsExactly(fix);
                assertThat(LexicalSearch.withoutCommonWords(List.of(check), reader)).containsExactly(check);
                // A word whose synonym concept is common counts as common: its terms score as one.
                LexicalSearch.Word chargesOrCheck = new LexicalSearch.Word(List.of("charg", "check"));
                assertThat(LexicalSearch.withoutCommonWords(List.of(chargesOrCheck, fix), reader)).containsExactly(fix);
            }
        }
    }

    @Test
    void aNeedOfOnlyCommonWordsInALargeCatalogueBringsNoArbitraryAgentIntoTheAnswer() {
        List<AgentRecord> agents = new ArrayList<>();
        // 5,000 agents that check handsets and 3 fibre desks: over 10,000 documents (agents and skills), in most of
        // which "check" and "handsets" are found.
        for (int i = 0; i < 5_000; i++) {
            agents.add(agent("handset" + i, "Handset checker", "Checks handsets"));
        }
        for (int i = 0; i < 3; i++) {
            agents.add(agent("fibre" + i, "Fibre outage desk", "Repairs fibre outages"));
        }
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().lexicalOnly().answerCacheSize(0).build()) {
            index.upsertAll(agents);

            // The second need tells no agent from another: it searches nothing of its own, so the
            // answer is the agents of the first need rather than any two of 5,000 handset checkers.
            assertThat(labels(index, "repair the fibre outage and also check handsets")).containsExactlyInAnyOrder("fibre0", "fibre1", "fibre2");
            // A text of only common words is still searched when it is all there is.
            assertThat(labels(index, "check handsets")).hasSize(5).allMatch(label -> label.startsWith("handset"));
            assertThat(labels(index, "check the handsets and also check handset checkers")).hasSize(5).allMatch(label -> label.startsWith("handset"));
        }
    }

    private static List<String> labels(LuceneAgentIndex index, String intent) {
        return LuceneAgentIndexTest.labels(index.search(ResolveQuery.of(intent, 5), LEXICAL));
    }

    private static AgentRecord agent(String id, String name, String description) {
        return LuceneAgentIndexTest.record(id, "example.net", "1.0.0", dev.acf.api.agent.AgentStatus.ACTIVE, "JSONRPC", name, description,
                id + "-skill", "support");
    }

    @Test
    void searchingAmongGivenDocumentsRanksOnlyThemWithTheScoresOfAFullSearch() throws Exception {
        TelecomAnalysis analysis = new TelecomAnalysis(new java.io.StringReader(""), "no synonyms");
        try (org.apache.lucene.store.Directory dir = new org.apache.lucene.store.ByteBuffersDirectory()) {
            try (org.apache.lucene.index.IndexWriter w = new org.apache.lucene.index.IndexWriter(dir,
                    new org.apache.lucene.index.IndexWriterConfig(analysis.indexAnalyzer()))) {
                for (String text : List.of("broadband fault desk", "broadband sales", "fault reports", "billing questions")) {
                    org.apache.lucene.document.Document d = new org.apache.lucene.document.Document();
                    d.add(new org.apache.lucene.document.TextField(AgentDocuments.ALL, text, org.apache.lucene.document.Field.Store.NO));
                    w.addDocument(d);
                }
            }
            try (org.apache.lucene.index.DirectoryReader reader = org.apache.lucene.index.DirectoryReader.open(dir)) {
                var searcher = new org.apache.lucene.search.IndexSearcher(reader);
                LexicalSearch search = new LexicalSearch(analysis, 0);
                HybridSearch.Text text = new HybridSearch.Text("broadband fault", null);
                var full = search.search(searcher, text, null, 10).scoreDocs;
                assertThat(full).extracting(d -> d.doc).containsExactly(0, 1, 2);

                // Documents 3 (billing) and 2 (fault) and 0 (both words), not 1: ranked among themselves.
                var given = new org.apache.lucene.search.ScoreDoc[] {
                    new org.apache.lucene.search.ScoreDoc(3, 9f), new org.apache.lucene.search.ScoreDoc(2, 9f), new org.apache.lucene.search.ScoreDoc(0, 1f)};
                var among = search.searchAmong(searcher, text, given, 10).scoreDocs;

                assertThat(among).extracting(d -> d.doc).containsExactly(0, 2); // the billing desk matches no word
                assertThat(among[0].score).isEqualTo(full[0].score);
                assertThat(among[1].score).isEqualTo(full[2].score);
                assertThat(search.searchAmong(searcher, text, given, 1).scoreDocs).extracting(d -> d.doc).containsExactly(0);
            }
        }
    }

    @Test
    void aNegativeCandidateCountIsRefused() {
        assertThatThrownBy(() -> LuceneAgentIndex.builder().lexicalCandidates(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSameAnswers(List<AgentRecord> agents, java.nio.file.Path queries, int candidates, boolean scores) {
        try (LuceneAgentIndex exact = LuceneAgentIndex.builder().lexicalOnly()
                        .lexicalCandidates(LuceneAgentIndex.ALL_LEXICAL_CANDIDATES).answerCacheSize(0).build();
                LuceneAgentIndex staged = LuceneAgentIndex.builder().lexicalOnly().lexicalCandidates(candidates).answerCacheSize(0).build()) {
            exact.upsertAll(agents);
            staged.upsertAll(agents);
            List<String> differing = new ArrayList<>();
            for (var q : EvaluationFiles.readQueries(queries)) {
                ResolveQuery query = ResolveQuery.of(q.text(), 5);
                List<String> expected = answers(exact.search(query, LEXICAL), scores);
                List<String> actual = answers(staged.search(query, LEXICAL), scores);
                boolean same = scores || candidates >= MOST ? expected.equals(actual)
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
