package dev.acf.ans.resolve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.IndexSearcher.LeafReaderContextPartition;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
import org.jspecify.annotations.Nullable;

/**
 * One top-k search split into ranges of doc ids that several threads may run at once: Lucene's
 * intra-segment partitions, run by whoever claims each part (the searching thread and its helper,
 * {@link SharedTasks}) instead of by an executor the searcher owns. A long disjunction over one
 * large segment is otherwise one thread's work however idle the other cores are.
 *
 * <p>The parts' collectors come from one manager and so share the minimum competitive score:
 * together they visit about what one search visits, and the merged top k is the same as one
 * search's, ties going to the lower doc id. Each part runs once, on one thread; {@link #merged()}
 * is called after every part has run.
 */
final class PartitionedSearch {
    /** A segment smaller than this many documents per part is searched whole by one part. */
    static final int MIN_PARTITION_DOCS = 16_384;

    private final @Nullable Weight weight;
    private final List<List<LeafReaderContextPartition>> parts;
    private final TopScoreDocCollectorManager manager;
    private final TopScoreDocCollector[] collectors;

    /**
     * Prepares the search: rewrites the query and builds its weight (term statistics) once for
     * every part.
     *
     * @param query what to search, or null for a search that finds nothing
     * @param hits how many documents to keep, best first
     * @param count how many parts to split it into, at least 1
     */
    PartitionedSearch(IndexSearcher searcher, @Nullable Query query, int hits, int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        // Hits counted only up to the depth let each part skip blocks that cannot reach the top (block-max WAND).
        this.manager = new TopScoreDocCollectorManager(hits, null, hits);
        this.parts = partitions(searcher.getIndexReader().leaves(), count);
        this.collectors = new TopScoreDocCollector[parts.size()];
        for (int i = 0; i < collectors.length; i++) {
            collectors[i] = manager.newCollector();
        }
        this.weight = query == null ? null : searcher.createWeight(searcher.rewrite(query), collectors[0].scoreMode(), 1);
    }

    /** Returns how many parts there are: at most the count asked, fewer for a small index. */
    int parts() {
        return parts.size();
    }

    /** Runs one part; each part must run exactly once, any thread. */
    void run(int part) throws IOException {
        if (weight == null) {
            return;
        }
        TopScoreDocCollector collector = collectors[part];
        collector.setWeight(weight);
        for (LeafReaderContextPartition range : parts.get(part)) {
            LeafCollector leaf;
            try {
                leaf = collector.getLeafCollector(range.ctx);
            } catch (CollectionTerminatedException nothingOfInterest) {
                continue;
            }
            ScorerSupplier supplier = weight.scorerSupplier(range.ctx);
            if (supplier != null) {
                supplier.setTopLevelScoringClause();
                BulkScorer scorer = supplier.bulkScorer();
                try {
                    scorer.score(leaf, range.ctx.reader().getLiveDocs(), range.minDocId, range.maxDocId);
                } catch (CollectionTerminatedException done) {
                    // The collector needs no more documents of this range.
                }
            }
            leaf.finish();
        }
    }

    /** Returns the best documents of all the parts, once every part has run. */
    TopDocs merged() throws IOException {
        return manager.reduce(Arrays.asList(collectors));
    }

    /**
     * Splits the segments into {@code count} parts of about as many documents each: a large
     * segment into equal ranges, one per part; a small one whole, to the part holding fewest
     * documents so far. Returns fewer parts when the index is too small to split.
     */
    static List<List<LeafReaderContextPartition>> partitions(List<LeafReaderContext> leaves, int count) {
        int maxDoc = 0;
        for (LeafReaderContext leaf : leaves) {
            maxDoc += leaf.reader().maxDoc();
        }
        int n = Math.max(1, Math.min(count, maxDoc / MIN_PARTITION_DOCS));
        List<List<LeafReaderContextPartition>> parts = new ArrayList<>(n);
        long[] docs = new long[n];
        for (int i = 0; i < n; i++) {
            parts.add(new ArrayList<>());
        }
        for (LeafReaderContext leaf : leaves) {
            int size = leaf.reader().maxDoc();
            if (n > 1 && size >= n * MIN_PARTITION_DOCS) {
                for (int i = 0; i < n; i++) {
                    int from = (int) ((long) size * i / n);
                    int to = (int) ((long) size * (i + 1) / n);
                    parts.get(i).add(LeafReaderContextPartition.createFromAndTo(leaf, from, to));
                    docs[i] += to - from;
                }
            } else {
                int fewest = 0;
                for (int i = 1; i < n; i++) {
                    if (docs[i] < docs[fewest]) {
                        fewest = i;
                    }
                }
                parts.get(fewest).add(LeafReaderContextPartition.createForEntireSegment(leaf));
                docs[fewest] += size;
            }
        }
        return parts;
    }
}
