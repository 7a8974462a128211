package dev.acf.ans.resolve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.jspecify.annotations.Nullable;

/**
 * The top k of a disjunction of words from their summaries ({@link WordSummaries} says how):
 * a first threshold, the candidates the words' level bit sets leave, their bounds from the
 * score steps, the survivors' exact scores. Stateless.
 */
final class SummarySearch {
    /** How many documents holding every word at a level the joint threshold is taken from, per segment at most. */
    static final int JOINT_DOCUMENTS = 1_024;
    /** The most candidates a segment may give: more, and the plain search costs about as much. */
    static final int MAX_CANDIDATES = 32_768;
    /** How many of the largest deficits {@link #candidates} bounds: the first few narrow the most, each costs passes over the bit sets. */
    static final int MAX_DEPTH = 4;
    /** Candidates few enough that bounding them costs less than narrowing them with a deeper limit. */
    static final int FEW_CANDIDATES = 4_096;
    /** A relative margin on the thresholds, for the rounding of the bounds' sums. */
    private static final double MARGIN = 1e-5;

    private SummarySearch() {}

    /**
     * Returns the best {@code k} documents of the disjunction of {@code words}, exactly as the
     * plain search ranks them, from every word's summary in every segment ({@code best}: each
     * word's best score over the segments); or null when the summaries do not bound the search.
     */
    static @Nullable TopDocs topK(IndexSearcher searcher, List<Query> words, List<LeafReaderContext> leaves, WordSummary[][] summaries,
            double[] best, int k) throws IOException {
        int n = words.size();
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
            FixedBitSet candidates = candidates(here, best, sumOfBests - bound.value(), leaf.reader().maxDoc(), FEW_CANDIDATES);
            if (candidates == null) {
                return null; // the words' levels do not narrow the documents enough
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
     * Returns the segment's documents that may score {@code slack} or less below the sum of the
     * words' bests, as tightly as the words' levels tell; null when they are over
     * {@link #MAX_CANDIDATES} or nothing narrows them.
     *
     * <p>A document's deficit for word i is {@code best[i]} less its score for it; the deficits
     * sum to at most {@code slack}, so the j-th largest is at most {@code slack / j}: at most
     * j - 1 words may score under {@code best[i] - slack / j}. For j = 1 these are the words
     * every candidate must hold well; for j = 2 and more they narrow the candidates when no
     * word is required alone (an intent of several common words, any of which a document may
     * lack). Computed 64 documents at a time over the level bit sets; the deeper limits only
     * while the candidates are over {@code few} ({@link #FEW_CANDIDATES} for a search: fewer cost
     * less to bound than to narrow further).
     */
    static @Nullable FixedBitSet candidates(WordSummary[] here, double[] best, double slack, int maxDoc, int few) {
        int n = here.length;
        int depth = Math.min(n, MAX_DEPTH);
        long[][][] limits = new long[depth][][]; // [j - 1]: the bits of the documents each word leaves within slack / j, where that is not all
        boolean narrows = false;
        for (int j = 1; j <= depth; j++) {
            List<long[]> sets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double minimum = best[i] - slack / j;
                if (minimum > 0) {
                    sets.add(here[i].atLeast(minimum).getBits());
                }
            }
            limits[j - 1] = sets.toArray(long[][]::new);
            narrows |= !sets.isEmpty();
        }
        if (!narrows) {
            return null; // every document with a word is a candidate: as many as the plain search visits
        }
        int words = FixedBitSet.bits2words(maxDoc);
        long[] out = new long[words];
        long[][] required = limits[0];
        if (required.length > 0) { // each holds its word: no need to ask for one
            System.arraycopy(required[0], 0, out, 0, words);
            for (int q = 1; q < required.length; q++) {
                and(out, required[q]);
            }
        } else {
            for (WordSummary t : here) {
                long[] present = t.levels()[0].getBits();
                for (int w = 0; w < words; w++) {
                    out[w] |= present[w];
                }
            }
        }
        long count = count(out);
        long[][] under = null; // [c - 1]: the documents under c or more of the limits so far
        for (int j = 2; j <= depth && count > few; j++) {
            long[][] level = limits[j - 1];
            if (level.length < j) {
                continue; // j - 1 words may miss their limits, and no more have one
            }
            if (under == null) {
                under = new long[depth][words];
            } else {
                for (long[] c : under) {
                    Arrays.fill(c, 0L);
                }
            }
            for (long[] set : level) { // whole arrays at a time: loops the JIT turns into vector instructions
                for (int c = j - 1; c >= 1; c--) {
                    long[] more = under[c];
                    long[] fewer = under[c - 1];
                    for (int w = 0; w < words; w++) {
                        more[w] |= fewer[w] & ~set[w];
                    }
                }
                long[] once = under[0];
                for (int w = 0; w < words; w++) {
                    once[w] |= ~set[w];
                }
            }
            long[] failing = under[j - 1];
            count = 0;
            for (int w = 0; w < words; w++) {
                out[w] &= ~failing[w];
                count += Long.bitCount(out[w]);
            }
        }
        return count > MAX_CANDIDATES ? null : new FixedBitSet(out, maxDoc);
    }

    private static void and(long[] into, long[] other) {
        for (int w = 0; w < into.length; w++) {
            into[w] &= other[w];
        }
    }

    private static long count(long[] bits) {
        long count = 0;
        for (long b : bits) {
            count += Long.bitCount(b);
        }
        return count;
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
        int segments = leaves.size();
        WordSummary[][] held = new WordSummary[segments][]; // the words each segment holds: the others add nothing there
        long[][] every = new long[segments][]; // the documents holding each of them
        int[][] some = new int[segments][]; // the indices of every's nonzero longs
        for (LeafReaderContext leaf : leaves) {
            WordSummary[] here = Arrays.stream(summaries[leaf.ord]).filter(t -> t.best() != 0).toArray(WordSummary[]::new);
            if (here.length == 0) {
                continue;
            }
            int words = FixedBitSet.bits2words(leaf.reader().maxDoc());
            long[] all = Arrays.copyOf(here[0].levels()[0].getBits(), words);
            for (int i = 1; i < here.length; i++) {
                and(all, here[i].levels()[0].getBits());
            }
            int[] nonzero = new int[words];
            int size = 0;
            for (int w = 0; w < words; w++) {
                if (all[w] != 0) {
                    nonzero[size++] = w;
                }
            }
            held[leaf.ord] = here;
            every[leaf.ord] = all;
            some[leaf.ord] = Arrays.copyOf(nonzero, size);
        }
        for (int level = WordSummary.LEVELS.length - 1; level >= 0; level--) {
            Bound kth = new Bound(k, Double.NEGATIVE_INFINITY);
            for (LeafReaderContext leaf : leaves) {
                WordSummary[] here = held[leaf.ord];
                if (here == null) {
                    continue;
                }
                long[][] sets = new long[here.length][];
                for (int i = 0; i < here.length; i++) {
                    sets[i] = here[i].levels()[level].getBits();
                }
                Bits live = leaf.reader().getLiveDocs();
                long[] all = every[leaf.ord];
                int bounded = 0;
                for (int p = 0; p < some[leaf.ord].length && bounded < JOINT_DOCUMENTS; p++) {
                    int w = some[leaf.ord][p];
                    long bits = all[w];
                    for (int i = 0; i < sets.length && bits != 0 && level > 0; i++) {
                        bits &= sets[i][w]; // the levels nest: a subset of the documents holding every word
                    }
                    for (; bits != 0 && bounded < JOINT_DOCUMENTS; bits &= bits - 1) {
                        int doc = (w << 6) + Long.numberOfTrailingZeros(bits);
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

}
