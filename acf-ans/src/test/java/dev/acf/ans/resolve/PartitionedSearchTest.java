package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
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
import org.apache.lucene.search.IndexSearcher.LeafReaderContextPartition;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PartitionedSearchTest {
    private static final String[] WORDS = {
        "broadband", "router", "signal", "billing", "fibre", "outage", "roaming", "invoice", "handset", "install",
        "check", "fix", "line", "slow", "drops", "tower", "coverage", "refund", "plan", "modem"};
    private static final int DEPTH = 20;

    private static Directory directory;
    private static DirectoryReader reader;

    /**
     * One large segment and three small ones, some documents deleted: the words are drawn with
     * a skew, so common words match most documents, and many short documents share a text, so
     * scores tie and only the doc id orders them.
     */
    @BeforeAll
    static void index() throws Exception {
        directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer()).setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            Random random = new Random(42);
            int id = 0;
            for (int segment = 0; segment < 4; segment++) {
                int docs = segment == 0 ? 3 * PartitionedSearch.MIN_PARTITION_DOCS : 1_500;
                for (int i = 0; i < docs; i++) {
                    Document d = new Document();
                    d.add(new StringField("id", Integer.toString(id++), Field.Store.NO));
                    StringBuilder text = new StringBuilder();
                    int length = 1 + random.nextInt(random.nextInt(4) == 0 ? 12 : 3);
                    for (int w = 0; w < length; w++) {
                        // Skewed: the first words are far more common than the last.
                        text.append(WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2))]).append(' ');
                    }
                    d.add(new TextField("text", text.toString(), Field.Store.NO));
                    writer.addDocument(d);
                }
                writer.flush();
            }
            for (int i = 0; i < id; i += 37) {
                writer.deleteDocuments(new Term("id", Integer.toString(i)));
            }
            writer.commit();
        }
        reader = DirectoryReader.open(directory);
        assertThat(reader.leaves()).hasSize(4);
        assertThat(reader.hasDeletions()).isTrue();
    }

    @AfterAll
    static void close() throws Exception {
        reader.close();
        directory.close();
    }

    @Test
    void aSearchSplitInTwoPartsRunByTwoThreadsFindsTheDocumentsAndScoresOfOneSearch() throws Exception {
        IndexSearcher searcher = new IndexSearcher(reader);
        List<Query> queries = List.of(
                words("router"), words("broadband", "router"), words("check", "fix", "line"),
                words("modem", "refund", "plan", "coverage"), words("broadband", "nothingmatches"), words(WORDS));
        for (Query query : queries) {
            TopDocs one = searcher.search(query, new TopScoreDocCollectorManager(DEPTH, null, DEPTH));
            PartitionedSearch split = new PartitionedSearch(searcher, query, DEPTH, 2);
            assertThat(split.parts()).isEqualTo(2);
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> run(split, 1));
            split.run(0);
            other.join();
            TopDocs merged = split.merged();
            assertThat(merged.scoreDocs).as(query.toString()).hasSize(DEPTH);
            assertThat(pairs(merged)).as(query.toString()).isEqualTo(pairs(one));
        }
    }

    @Test
    void partsRunOneAfterTheOtherOnOneThreadGiveTheSameAnswer() throws Exception {
        IndexSearcher searcher = new IndexSearcher(reader);
        Query query = words("signal", "tower", "drops");
        PartitionedSearch split = new PartitionedSearch(searcher, query, DEPTH, 3);
        assertThat(split.parts()).isEqualTo(3);
        for (int part = split.parts() - 1; part >= 0; part--) {
            split.run(part);
        }
        assertThat(pairs(split.merged())).isEqualTo(pairs(searcher.search(query, new TopScoreDocCollectorManager(DEPTH, null, DEPTH))));
    }

    @Test
    void aQueryOfNothingFindsNothing() throws Exception {
        PartitionedSearch split = new PartitionedSearch(new IndexSearcher(reader), null, DEPTH, 2);
        for (int part = 0; part < split.parts(); part++) {
            split.run(part);
        }
        assertThat(split.merged().scoreDocs).isEmpty();
    }

    @Test
    void thePartsCoverEveryDocumentOnceSplittingTheLargeSegmentEvenly() {
        List<List<LeafReaderContextPartition>> parts = PartitionedSearch.partitions(reader.leaves(), 2);
        assertThat(parts).hasSize(2);
        boolean[] seen = new boolean[reader.maxDoc()];
        long[] docs = new long[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            for (LeafReaderContextPartition range : parts.get(p)) {
                // A whole segment's range ends at NO_MORE_DOCS.
                int end = Math.min(range.maxDocId, range.ctx.reader().maxDoc());
                for (int doc = range.minDocId; doc < end; doc++) {
                    int global = range.ctx.docBase + doc;
                    assertThat(seen[global]).as("doc %d in two parts", global).isFalse();
                    seen[global] = true;
                }
                docs[p] += end - range.minDocId;
            }
        }
        for (int doc = 0; doc < seen.length; doc++) {
            assertThat(seen[doc]).as("doc %d in no part", doc).isTrue();
        }
        LeafReaderContext large = reader.leaves().get(0);
        assertThat(parts).allSatisfy(part -> assertThat(part).anySatisfy(range -> {
            assertThat(range.ctx).isSameAs(large);
            assertThat(range.maxDocId - range.minDocId).isEqualTo(large.reader().maxDoc() / 2);
        }));
        // The small segments go whole to the lighter part: within one small segment of even.
        assertThat(Math.abs(docs[0] - docs[1])).isLessThanOrEqualTo(1_500);
    }

    @Test
    void anIndexTooSmallToSplitIsSearchedAsOnePart() throws Exception {
        List<LeafReaderContext> small = reader.leaves().subList(1, 4);
        assertThat(PartitionedSearch.partitions(small, 2)).hasSize(1);
        assertThat(PartitionedSearch.partitions(reader.leaves(), 1)).hasSize(1);
        assertThatThrownBy(() -> new PartitionedSearch(new IndexSearcher(reader), words("router"), DEPTH, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void run(PartitionedSearch split, int part) {
        try {
            split.run(part);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Query words(String... words) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String w : words) {
            any.add(new TermQuery(new Term("text", w)), Occur.SHOULD);
        }
        return any.build();
    }

    private static List<String> pairs(TopDocs top) {
        List<String> out = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            out.add(sd.doc + ":" + sd.score);
        }
        return out;
    }
}
