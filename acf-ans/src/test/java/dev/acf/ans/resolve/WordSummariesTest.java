package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WordSummariesTest {
    private static final String FIELD = "all";
    /** Templates the documents copy, as catalogues copy skill texts: many near ties. */
    private static final String[] TEMPLATES = {
        "broadband router install fibre line", "signal tower coverage mobile drops", "billing invoice refund plan charges",
        "fibre outage line fault repair", "roaming plan mobile charges abroad", "router modem wifi slow speed",
        "install appointment technician visit home", "tower backhaul capacity outage alarm"};
    private static final String[] FILLER = {"agent", "service", "customer", "check", "fix", "account", "support", "network", "home", "help"};

    private Directory directory;
    private IndexWriter writer;
    private int nextId;

    /**
     * Three segments and some deletions: each document copies one or two templates with filler
     * words of a skewed frequency, so the templates' words are each in a tenth to a half of the
     * documents and scores tie closely, as in a large synthetic catalogue.
     */
    @BeforeEach
    void index() throws Exception {
        directory = new ByteBuffersDirectory();
        writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()).setMergePolicy(NoMergePolicy.INSTANCE));
        Random random = new Random(7);
        for (int segment = 0; segment < 3; segment++) {
            add(random, segment == 0 ? 6_000 : 2_000);
            writer.flush();
        }
        for (int i = 0; i < nextId; i += 29) {
            writer.deleteDocuments(new Term("id", Integer.toString(i)));
        }
        writer.commit();
    }

    private void add(Random random, int docs) throws Exception {
        for (int i = 0; i < docs; i++) {
            StringBuilder text = new StringBuilder(TEMPLATES[random.nextInt(TEMPLATES.length)]);
            if (random.nextInt(3) == 0) {
                text.append(' ').append(TEMPLATES[random.nextInt(TEMPLATES.length)]);
            }
            int filler = random.nextInt(random.nextInt(4) == 0 ? 25 : 6);
            for (int w = 0; w < filler; w++) {
                text.append(' ').append(FILLER[(int) (FILLER.length * Math.pow(random.nextDouble(), 2))]);
            }
            Document d = new Document();
            d.add(new StringField("id", Integer.toString(nextId++), Field.Store.NO));
            d.add(new TextField(FIELD, text.toString(), Field.Store.NO));
            writer.addDocument(d);
        }
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        directory.close();
    }

    @Test
    void theSummariesFindTheTopKOfThePlainDisjunctionDocumentForDocument() throws Exception {
        try (DirectoryReader reader = DirectoryReader.open(directory); WordSummaries summaries = new WordSummaries(1L << 30, 0)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            assertThat(reader.leaves()).hasSize(3);
            assertThat(reader.hasDeletions()).isTrue();
            Random random = new Random(11);
            int answered = 0;
            int queries = 300;
            for (int q = 0; q < queries; q++) {
                List<Query> words = randomWords(random);
                int k = new int[] {1, 5, 20, 100}[random.nextInt(4)];
                TopDocs summarised = summarised(summaries, searcher, words, k);
                if (summarised != null) {
                    assertSameTopDocs(summarised, plain(searcher, words, k), words);
                    answered++;
                }
            }
            // Most searches must take the summaries' path, or this test proves little.
            assertThat(answered).as("searches answered from the summaries").isGreaterThan(queries / 2);
        }
    }

    @Test
    void searchesInWhichADocumentMayLackAnyOneWordAreAnsweredToo() throws Exception {
        // Words of different templates: the best documents hold some of them, none holds all, so
        // no word is required by itself and only the count of words a document lacks narrows it.
        List<List<Query>> searches = List.of(
                List.of(term("router"), term("install"), term("signal"), term("billing"), term("outage")),
                List.of(term("fibre"), term("mobile"), term("charges"), term("technician"), term("wifi")),
                List.of(term("tower"), term("plan"), term("line"), term("appointment"), term("modem"), term("coverage")));
        try (DirectoryReader reader = DirectoryReader.open(directory); WordSummaries summaries = new WordSummaries(1L << 30, 0)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            for (List<Query> words : searches) {
                for (int k : new int[] {1, 10, 50}) {
                    TopDocs summarised = summarised(summaries, searcher, words, k);
                    assertThat(summarised).as("answered from the summaries: %s, k %d", words, k).isNotNull();
                    assertSameTopDocs(summarised, plain(searcher, words, k), words);
                }
            }
        }
    }

    @Test
    void theCountOfWordsADocumentLacksNarrowsTheCandidatesAndKeepsTheTopK() throws Exception {
        List<Query> words = List.of(term("router"), term("install"), term("signal"), term("billing"), term("outage"));
        int k = 10;
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            int n = words.size();
            WordSummary[][] summaries = new WordSummary[reader.leaves().size()][n];
            double[] best = new double[n];
            double sumOfBests = 0;
            for (int i = 0; i < n; i++) {
                Weight weight = searcher.createWeight(searcher.rewrite(words.get(i)), ScoreMode.COMPLETE, 1);
                for (LeafReaderContext leaf : reader.leaves()) {
                    summaries[leaf.ord][i] = WordSummary.build(leaf, weight);
                    best[i] = Math.max(best[i], summaries[leaf.ord][i].best());
                }
                sumOfBests += best[i];
            }
            TopDocs top = plain(searcher, words, k);
            double slack = sumOfBests - top.scoreDocs[k - 1].score * (1 - 1e-5);
            for (int i = 0; i < n; i++) {
                assertThat(best[i] - slack).as("no word is required alone: %s", words.get(i)).isLessThanOrEqualTo(0);
            }
            LeafReaderContext leaf = reader.leaves().get(0);
            FixedBitSet candidates = SummarySearch.candidates(summaries[0], best, slack, leaf.reader().maxDoc(), 0);
            assertThat(candidates).isNotNull();
            int withAWord = 0;
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                for (WordSummary t : summaries[0]) {
                    if (t.levels()[0].get(doc)) {
                        withAWord++;
                        break;
                    }
                }
            }
            assertThat(candidates.cardinality()).as("candidates of %d documents with a word", withAWord).isLessThan(withAWord / 2);
            for (ScoreDoc hit : top.scoreDocs) {
                if (hit.doc < leaf.reader().maxDoc()) {
                    assertThat(candidates.get(hit.doc)).as("top document %d (%s)", hit.doc, hit.score).isTrue();
                }
            }
        }
    }

    @Test
    void aNewerSnapshotDropsTheSummariesAndIsSummarisedAnewFromItsOwnStatistics() throws Exception {
        try (WordSummaries summaries = new WordSummaries(1L << 30, 0)) {
            List<Query> words = List.of(term("router"), term("install"), term("fibre"));
            try (DirectoryReader first = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(first);
                assertThat(summarised(summaries, searcher, words, 10)).isNotNull();
                assertThat(summaries.cachedBytes()).isPositive();
                add(new Random(3), 3_000); // changes every word's statistics, so every score
                writer.commit();
                try (DirectoryReader second = DirectoryReader.openIfChanged(first)) {
                    IndexSearcher newer = new IndexSearcher(second);
                    assertThat(summaries.search(newer, words, 10)).isNull(); // the first search of a snapshot runs the plain way
                    assertThat(summaries.cachedBytes()).isZero();
                    TopDocs summarised = summarised(summaries, newer, words, 10);
                    assertThat(summarised).isNotNull();
                    assertSameTopDocs(summarised, plain(newer, words, 10), words);
                    // A search still on the older snapshot is left to the plain search.
                    assertThat(summaries.search(searcher, words, 10)).isNull();
                }
            }
        }
    }

    @Test
    void noSummaryIsUsedWithoutMemoryUnderTheSizeThresholdForOneWordOrAfterClose() throws Exception {
        List<Query> words = List.of(term("router"), term("install"));
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            try (WordSummaries none = new WordSummaries(0, 0)) {
                assertThat(summarised(none, searcher, words, 10)).isNull();
            }
            try (WordSummaries small = new WordSummaries(1L << 30, reader.maxDoc() + 1)) {
                assertThat(summarised(small, searcher, words, 10)).isNull();
            }
            WordSummaries summaries = new WordSummaries(1L << 30, 0);
            assertThat(summarised(summaries, searcher, List.of(term("router")), 10)).isNull();
            assertThat(summarised(summaries, searcher, words, 10)).isNotNull();
            summaries.close();
            assertThat(summaries.search(searcher, words, 10)).isNull();
            assertThat(summaries.cachedBytes()).isZero();
        }
        assertThatThrownBy(() -> new WordSummaries(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMemoryBudgetDropsTheLeastRecentlyUsedSummaries() throws Exception {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            long oneWord;
            try (WordSummaries measure = new WordSummaries(1L << 30, 0)) {
                summarised(measure, searcher, List.of(term("router"), term("install")), 10);
                oneWord = measure.cachedBytes() / 2;
            }
            long budget = 3 * oneWord;
            try (WordSummaries summaries = new WordSummaries(budget, 0)) {
                List<Query> words = List.of(term("router"), term("install"), term("fibre"), term("signal"), term("billing"));
                for (int i = 0; i < words.size() - 1; i++) {
                    summarised(summaries, searcher, words.subList(i, i + 2), 10);
                    assertThat(summaries.cachedBytes()).isLessThanOrEqualTo(budget + oneWord);
                }
            }
        }
    }

    /** Searches until the snapshot has its summaries: the first searches of a snapshot, and those missing one, run the plain way. */
    private static TopDocs summarised(WordSummaries summaries, IndexSearcher searcher, List<Query> words, int k) throws Exception {
        TopDocs found = null;
        for (int attempt = 0; attempt <= WordSummaries.SIGHTINGS + 1 && found == null; attempt++) {
            found = summaries.search(searcher, words, k);
            assertThat(summaries.awaitBuilds(30_000)).isTrue();
        }
        return found;
    }

    private static TopDocs plain(IndexSearcher searcher, List<Query> words, int k) throws Exception {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        words.forEach(w -> any.add(w, Occur.SHOULD));
        // Every hit counted: no pruning, the reference ranking.
        return searcher.search(any.build(), new TopScoreDocCollectorManager(k, null, Integer.MAX_VALUE));
    }

    private static void assertSameTopDocs(TopDocs summarised, TopDocs plain, List<Query> words) {
        assertThat(summarised.scoreDocs).as("%s", words).hasSameSizeAs(plain.scoreDocs);
        for (int i = 0; i < plain.scoreDocs.length; i++) {
            assertThat(summarised.scoreDocs[i].score).as("score at %d for %s", i, words).isEqualTo(plain.scoreDocs[i].score);
            assertThat(summarised.scoreDocs[i].doc).as("doc at %d for %s", i, words).isEqualTo(plain.scoreDocs[i].doc);
        }
    }

    /**
     * Two to five words, mostly of one template as an intent asks for one skill, now and then
     * a word of another template, a synonym pair scoring as one word, or a word no document holds.
     */
    private static List<Query> randomWords(Random random) {
        String[] template = TEMPLATES[random.nextInt(TEMPLATES.length)].split(" ");
        int n = 2 + random.nextInt(4);
        List<Query> words = new ArrayList<>();
        List<String> used = new ArrayList<>();
        while (words.size() < n) {
            int kind = random.nextInt(10);
            String w = kind == 2 ? TEMPLATES[random.nextInt(TEMPLATES.length)].split(" ")[random.nextInt(5)] : template[random.nextInt(template.length)];
            if (used.contains(w)) {
                continue;
            }
            used.add(w);
            if (kind == 0) {
                words.add(term("nowhere" + words.size()));
            } else if (kind == 1) {
                String other = FILLER[random.nextInt(FILLER.length)];
                words.add(new SynonymQuery.Builder(FIELD).addTerm(new Term(FIELD, w)).addTerm(new Term(FIELD, other)).build());
            } else {
                words.add(term(w));
            }
        }
        return words;
    }

    private static Query term(String word) {
        return new TermQuery(new Term(FIELD, word));
    }
}
