package dev.acf.ans.resolve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
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
 *  2. a document reaches θ^ only if its score for word i is at least r_i = θ^ - (the others'
 *     bests): the words with r_i > 0 are required, each above the highest level under r_i
 *  3. candidates = AND of those bit sets; each one's bounds from the bytes, which raise θ^ on
 *     the way; kept when its upper bound reaches θ^
 *  4. the survivors scored exactly (the sum of their words' scores); the top k is the answer
 * </pre>
 *
 * The true k-th score is at least θ^, so every document of the top k is a candidate, and the
 * answer is the query's own top k, ties to the lower doc id. When no word is required, or the
 * candidates are too many, {@link #search} returns null and the caller runs the plain search.
 *
 * <p>A summary costs a scan of the word's posting list (milliseconds for a word in a third of
 * 400,000 documents), so no search waits for one: a search missing one runs the plain search
 * while a background thread builds it. The summaries belong to one index snapshot; a newer
 * snapshot drops them, and a snapshot gets summaries only once {@link #SIGHTINGS} searches have
 * used it, so an index that changes between most searches is searched the plain way rather
 * than summarised over and over. Thread-safe; {@link #close} stops the background thread.
 */
final class WordSummaries implements AutoCloseable {
    /** How many documents holding every word at a level the joint threshold is taken from, per segment at most. */
    static final int JOINT_DOCUMENTS = 1_024;
    /** The most candidates a segment may give: more, and the plain search costs about as much. */
    static final int MAX_CANDIDATES = 32_768;
    /** A relative margin on the thresholds, for the rounding of the bounds' sums. */
    private static final double MARGIN = 1e-5;
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
        double joint = jointThreshold(leaves, summaries, k);
        double single = threshold(leaves, summaries, k);
        double first = Double.isNaN(joint) ? single : Double.isNaN(single) ? joint : Math.max(joint, single);
        if (Double.isNaN(first)) {
            return null; // fewer than k live documents among the words' best: the plain search finds the rest
        }
        double sumOfBests = 0;
        for (double b : best) {
            sumOfBests += b;
        }
        Bound bound = new Bound(k, first);
        List<int[]> kept = new ArrayList<>(leaves.size());
        List<double[]> uppers = new ArrayList<>(leaves.size());
        for (LeafReaderContext leaf : leaves) {
            WordSummary[] here = summaries[leaf.ord];
            FixedBitSet candidates = null;
            for (int i = 0; i < n; i++) {
                double required = bound.value() - (sumOfBests - best[i]);
                if (required > 0) {
                    FixedBitSet level = here[i].atLeast(required);
                    if (candidates == null) {
                        candidates = level.clone();
                    } else {
                        candidates.and(level);
                    }
                }
            }
            if (candidates == null || candidates.cardinality() > MAX_CANDIDATES) {
                return null; // no word required yet, or too many documents hold the required ones
            }
            bounds(leaf, here, candidates, bound, kept, uppers);
        }
        double theta = bound.value();
        List<ScoreDoc> scored = new ArrayList<>();
        for (LeafReaderContext leaf : leaves) {
            int[] docs = kept.get(leaf.ord);
            double[] upper = uppers.get(leaf.ord);
            Scorer[] below = new Scorer[n];
            int[][] cursors = new int[n][1];
            for (int j = 0; j < docs.length; j++) {
                if (upper[j] >= theta) {
                    scored.add(new ScoreDoc(leaf.docBase + docs[j], exact(searcher, words, leaf, summaries[leaf.ord], below, cursors, docs[j])));
                }
            }
        }
        scored.sort((a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        return new TopDocs(new TotalHits(scored.size(), TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO),
                scored.subList(0, Math.min(k, scored.size())).toArray(ScoreDoc[]::new));
    }

    /**
     * Bounds each live candidate's score from the words' steps, in doc order: lower bounds
     * raise the threshold, and a candidate is kept (with its upper bound) while its upper bound
     * reaches it.
     */
    private static void bounds(LeafReaderContext leaf, WordSummary[] summaries, FixedBitSet candidates, Bound bound, List<int[]> kept,
            List<double[]> uppers) {
        int n = summaries.length;
        byte[][] steps = new byte[n][];
        double[] stepScore = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = summaries[i].steps();
            stepScore[i] = (double) summaries[i].best() / WordSummary.STEPS;
        }
        Bits live = leaf.reader().getLiveDocs();
        int[] docs = new int[64];
        double[] upper = new double[64];
        int size = 0;
        double theta = bound.value();
        int length = candidates.length();
        for (int doc = candidates.nextSetBit(0); doc != DocIdSetIterator.NO_MORE_DOCS;
                doc = doc + 1 < length ? candidates.nextSetBit(doc + 1) : DocIdSetIterator.NO_MORE_DOCS) {
            if (live != null && !live.get(doc)) {
                continue;
            }
            double lo = 0;
            double hi = 0;
            for (int i = 0; i < n; i++) {
                int step = steps[i][doc] & 0xff;
                if (step != 0) {
                    lo += (step - 1) * stepScore[i];
                    hi += step * stepScore[i];
                }
            }
            if (lo > theta) {
                theta = bound.offer(lo);
            }
            if (hi >= theta) {
                if (size == docs.length) {
                    docs = Arrays.copyOf(docs, size * 2);
                    upper = Arrays.copyOf(upper, size * 2);
                }
                docs[size] = doc;
                upper[size++] = hi;
            }
        }
        kept.add(Arrays.copyOf(docs, size));
        uppers.add(Arrays.copyOf(upper, size));
    }

    /**
     * Returns the document's score: its words' scores, kept or, under a word's kept share, from
     * the word's own scorer ({@code below}, opened on first need; documents come in doc order).
     * Summed in double as Lucene sums a disjunction's clauses, so it is the query's own score.
     */
    private static float exact(IndexSearcher searcher, List<Query> words, LeafReaderContext leaf, WordSummary[] summaries, Scorer[] below, int[][] cursors,
            int doc) throws IOException {
        double sum = 0;
        for (int i = 0; i < summaries.length; i++) {
            WordSummary t = summaries[i];
            if ((t.steps()[doc] & 0xff) == 0) {
                continue; // without the word
            }
            float s = t.exact(doc, cursors[i]);
            if (Float.isNaN(s)) {
                if (below[i] == null) {
                    below[i] = searcher.createWeight(searcher.rewrite(words.get(i)), ScoreMode.COMPLETE, 1).scorer(leaf);
                }
                DocIdSetIterator it = below[i].iterator();
                if (it.docID() < doc) {
                    it.advance(doc);
                }
                s = below[i].score();
            }
            sum += s;
        }
        return (float) sum;
    }

    /**
     * Returns a score the k-th best live document reaches at least: for each word, the k-th best
     * lower bound over its first {@link WordSummary#THRESHOLD_DOCUMENTS} documents (its own score exact,
     * the others' from their steps); the highest of these. NaN when no word's gives k.
     */
    private static double threshold(List<LeafReaderContext> leaves, WordSummary[][] summaries, int k) {
        double highest = Double.NaN;
        int n = summaries[0].length;
        for (int top = 0; top < n; top++) {
            Bound kth = new Bound(k, Double.NEGATIVE_INFINITY);
            for (LeafReaderContext leaf : leaves) {
                WordSummary[] here = summaries[leaf.ord];
                WordSummary leading = here[top];
                Bits live = leaf.reader().getLiveDocs();
                for (int p = 0; p < leading.topDocs().length; p++) {
                    int doc = leading.topDocs()[p];
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    double lower = leading.topScores()[p];
                    for (int i = 0; i < here.length; i++) {
                        if (i != top) {
                            lower += here[i].lower(doc);
                        }
                    }
                    kth.offer(lower);
                }
            }
            if (kth.size() == k && !(kth.kth() <= highest)) {
                highest = kth.kth();
            }
        }
        return highest;
    }

    /**
     * Returns a score the k-th best live document reaches at least, from the documents scoring
     * at least a level of their best for every word the segment holds, at the highest level
     * with k of them (at most {@link #JOINT_DOCUMENTS} bounded per segment); NaN when even all
     * the words' documents together are fewer than k. It finds the documents that hold every
     * word well, which one word's best documents may not.
     */
    private static double jointThreshold(List<LeafReaderContext> leaves, WordSummary[][] summaries, int k) {
        for (int level = WordSummary.LEVELS.length - 1; level >= 0; level--) {
            Bound kth = new Bound(k, Double.NEGATIVE_INFINITY);
            for (LeafReaderContext leaf : leaves) {
                WordSummary[] here = summaries[leaf.ord];
                FixedBitSet all = null;
                for (WordSummary t : here) {
                    if (t.best() == 0) {
                        continue; // not in this segment: it adds nothing to any document here
                    }
                    if (all == null) {
                        all = t.levels()[level].clone();
                    } else {
                        all.and(t.levels()[level]);
                    }
                }
                if (all == null) {
                    continue;
                }
                Bits live = leaf.reader().getLiveDocs();
                int length = all.length();
                int bounded = 0;
                for (int doc = all.nextSetBit(0); doc != DocIdSetIterator.NO_MORE_DOCS && bounded < JOINT_DOCUMENTS;
                        doc = doc + 1 < length ? all.nextSetBit(doc + 1) : DocIdSetIterator.NO_MORE_DOCS) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    double lower = 0;
                    for (WordSummary t : here) {
                        lower += t.lower(doc);
                    }
                    kth.offer(lower);
                    bounded++;
                }
            }
            if (kth.size() == k) {
                return kth.kth();
            }
        }
        return Double.NaN;
    }

    /**
     * A score the k-th best document reaches at least, less a margin for rounding: the higher of
     * a first estimate and the k-th best lower bound offered since.
     */
    static final class Bound {
        private final double first;
        private final double[] heap; // the k best lower bounds offered, a min-heap once full
        private int size;
        private double value;

        Bound(int k, double first) {
            this.first = first;
            this.heap = new double[k];
            this.value = lessMargin(first);
        }

        /** Returns the bound. */
        double value() {
            return value;
        }

        /** Returns how many lower bounds were offered, up to k. */
        int size() {
            return size;
        }

        /** Returns the k-th best lower bound offered, without the margin, once k were. */
        double kth() {
            return heap[0];
        }

        /**
         * Offers a live document's lower bound (each document once); returns the bound now.
         * Offering only those above the bound is enough: the k-th best of them, once there are
         * k, is above it too.
         */
        double offer(double lower) {
            if (size < heap.length) {
                heap[size++] = lower;
                if (size == heap.length) {
                    Arrays.sort(heap); // a sorted array is a min-heap
                    value = lessMargin(Math.max(first, heap[0]));
                }
            } else if (lower > heap[0]) {
                heap[0] = lower;
                siftDown(heap);
                value = lessMargin(Math.max(first, heap[0]));
            }
            return value;
        }

        private static double lessMargin(double v) {
            return v - Math.abs(v) * MARGIN;
        }

        private static void siftDown(double[] heap) {
            int i = 0;
            double v = heap[0];
            while (true) {
                int child = 2 * i + 1;
                if (child >= heap.length) {
                    break;
                }
                if (child + 1 < heap.length && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (heap[child] >= v) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = v;
        }
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
