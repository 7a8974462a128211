package dev.acf.ans.resolve;

import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact top k of a disjunction of common words over a large index, found from a summary of
 * each word's scores instead of its posting list.
 *
 * <p>In a large catalogue an intent's words are each in a tenth to a third of the documents, and
 * the top k hold every word, each scoring near its best. Lucene's MaxScore then decodes one
 * word's whole posting list and advances the others to most of its documents. Here each word
 * keeps, per segment and index snapshot (scores follow the snapshot's statistics):
 * <ul>
 *   <li>one byte per document: its score in 253 steps of the word's best (0: without the word),
 *       so a document's score is known to within a step in one read;
 *   <li>bit sets of the documents with the word and of those scoring at least each of
 *       {@link WordSummary#LEVELS} of its best;
 *   <li>with their exact scores: its {@link WordSummary#THRESHOLD_DOCUMENTS} best documents, best first,
 *       and those scoring at least {@link WordSummary#EXACT_SHARE} of its best, in doc order.
 * </ul>
 *
 * <pre>
 *  1. θ^ = k-th best lower bound over the documents holding every word at the highest level
 *     that has k of them, or over one word's best documents if that is higher
 *  2. a document reaches θ^ only if its deficits (word i's best less its score for word i)
 *     sum to at most D = (sum of the bests) - θ^, so its j-th largest deficit is at most D / j:
 *     j = 1 are the words required alone; j = 2, 3, 4 narrow the documents when a document may
 *     lack any one word. Each word's level bit sets tell which documents pass each limit
 *  3. candidates = the documents passing every limit; each one's bounds from the bytes, which
 *     raise θ^ on the way; kept when its upper bound reaches θ^
 *  4. the survivors scored exactly (the sum of their words' scores); the top k is the answer
 * </pre>
 *
 * The true k-th score is at least θ^, so every document of the top k is a candidate, and the
 * answer is the query's own top k, ties to the lower doc id. When the candidates are too many,
 * {@link #search} returns null and the caller runs the plain search.
 *
 * <p>A summary costs a scan of the word's posting list (milliseconds for a word in a third of
 * 400,000 documents), so no search waits for one: a search missing one runs the plain search
 * while a background thread builds it. The summaries belong to one index snapshot; a newer
 * snapshot drops them, and a snapshot gets summaries only once {@link #SIGHTINGS} searches have
 * used it, so an index that changes between most searches is searched the plain way rather
 * than summarised over and over. Thread-safe; {@link #close} stops the background thread.
 */
final class WordSummaries implements AutoCloseable {
    /** The default memory for the summaries: the words of a few hundred intents over 100,000 agents. */
    static final long DEFAULT_BUDGET_BYTES = 128L << 20;
    /** The documents an index holds before its searches use the summaries: a smaller one is searched in well under a millisecond. */
    static final int DEFAULT_FROM_DOCUMENTS = 50_000;

    /** How many searches must use a snapshot before its summaries are built. */
    static final int SIGHTINGS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(WordSummaries.class);

    private final long budgetBytes;
    private final int fromDocuments;
    private final Map<Key, WordSummary> cache = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<Key> pending = new HashSet<>();
    private long bytes;
    private @Nullable Object current;
    private long currentVersion;
    private int sightings;
    private @Nullable ExecutorService builder;
    private boolean closed;

    /**
     * @param budgetBytes the memory the cached summaries may take, least recently used dropped
     *     first; 0 turns them off
     * @param fromDocuments the documents an index holds before {@link #search} applies
     */
    WordSummaries(long budgetBytes, int fromDocuments) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budgetBytes must not be negative, was " + budgetBytes);
        }
        if (fromDocuments < 0) {
            throw new IllegalArgumentException("fromDocuments must not be negative, was " + fromDocuments);
        }
        this.budgetBytes = budgetBytes;
        this.fromDocuments = fromDocuments;
    }

    /** A cached summary: one word in one segment of one index snapshot. */
    private record Key(Object snapshot, int leaf, Query word) {}

    /**
     * Returns the best {@code k} documents of the disjunction of {@code words} (each scoring as
     * a clause of a plain disjunction of them), best first and ties to the lower doc id; or null
     * when the summaries do not bound the search, and the caller must run it.
     */
    @Nullable TopDocs search(IndexSearcher searcher, List<Query> words, int k) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        if (words.size() < 2 || k < 1 || !(reader instanceof DirectoryReader snapshotReader) || helper == null || reader.maxDoc() < fromDocuments
                || budgetBytes == 0) {
            return null; // one word: Lucene's impacts skip to its best documents on their own
        }
        Object snapshot = helper.getKey();
        if (!sighted(snapshot, snapshotReader.getVersion())) {
            return null;
        }
        int n = words.size();
        List<LeafReaderContext> leaves = reader.leaves();
        WordSummary[][] summaries = new WordSummary[leaves.size()][n];
        double[] best = new double[n];
        boolean missing = false;
        for (int i = 0; i < n; i++) {
            for (LeafReaderContext leaf : leaves) {
                Key key = new Key(snapshot, leaf.ord, words.get(i));
                WordSummary t = cached(key);
                if (t == null) {
                    schedule(key, searcher, leaf, words.get(i));
                    missing = true;
                    continue;
                }
                summaries[leaf.ord][i] = t;
                best[i] = Math.max(best[i], t.best());
            }
        }
        if (missing) {
            return null; // the plain search this time; the summaries are on their way
        }
        return SummarySearch.topK(searcher, words, leaves, summaries, best, k);
    }

    /**
     * Counts a search of the snapshot; returns whether its summaries may be used or built. A
     * newer snapshot drops the older one's summaries (searches take the newest); a search still
     * on an older one runs the plain way.
     */
    private synchronized boolean sighted(Object snapshot, long version) {
        if (snapshot != current) {
            if (current != null && version <= currentVersion) {
                return false;
            }
            current = snapshot;
            currentVersion = version;
            sightings = 0;
            cache.clear();
            pending.clear();
            bytes = 0;
        }
        if (sightings < SIGHTINGS) {
            sightings++;
            return false;
        }
        return !closed;
    }

    private synchronized @Nullable WordSummary cached(Key key) {
        return cache.get(key);
    }

    /** Builds a summary on the background thread, unless it is already on its way or its snapshot is no longer current. */
    private void schedule(Key key, IndexSearcher searcher, LeafReaderContext leaf, Query word) {
        IndexReader reader = searcher.getIndexReader();
        ExecutorService pool;
        synchronized (this) {
            if (closed || key.snapshot() != current || !pending.add(key)) {
                return;
            }
            if (builder == null) {
                builder = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "acf-word-summaries");
                    t.setDaemon(true);
                    return t;
                });
            }
            pool = builder;
        }
        if (!reader.tryIncRef()) { // the snapshot is already released: nothing to summarise
            synchronized (this) {
                pending.remove(key);
            }
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    synchronized (this) {
                        if (key.snapshot() != current || closed) {
                            return;
                        }
                    }
                    Weight weight = searcher.createWeight(searcher.rewrite(word), ScoreMode.COMPLETE, 1);
                    cache(key, WordSummary.build(leaf, weight));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Word summary not built: {}", e.toString()); // searches keep the plain way
                } finally {
                    done(key, reader);
                }
            });
        } catch (RejectedExecutionException e) { // closed meanwhile
            done(key, reader);
        }
    }

    /** Ends a build, run or not: no longer pending, the snapshot released. */
    private void done(Key key, IndexReader reader) {
        synchronized (this) {
            pending.remove(key);
        }
        try {
            reader.decRef();
        } catch (IOException e) {
            LOG.debug("Index snapshot not released: {}", e.toString());
        }
    }

    /** Waits until no summary is being built (for tests and benchmarks); returns false on timeout. */
    boolean awaitBuilds(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            synchronized (this) {
                if (pending.isEmpty()) {
                    return true;
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Stops the background thread and drops the summaries. */
    @Override
    public void close() {
        ExecutorService pool;
        synchronized (this) {
            closed = true;
            cache.clear();
            bytes = 0;
            pool = builder;
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Caches a summary of the current snapshot, dropping the least recently used over the budget. */
    private synchronized void cache(Key key, WordSummary built) {
        if (key.snapshot() != current || closed || cache.putIfAbsent(key, built) != null) {
            return;
        }
        bytes += built.bytes();
        Iterator<WordSummary> oldest = cache.values().iterator();
        while (bytes > budgetBytes && oldest.hasNext()) {
            WordSummary t = oldest.next();
            if (t != built) {
                oldest.remove();
                bytes -= t.bytes();
            }
        }
    }

    /** Returns how much memory the cached summaries take now, in bytes. */
    synchronized long cachedBytes() {
        return bytes;
    }
}
