package dev.acf.ans.resolve;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.FixedBitSet;

/**
 * One word in one segment: its best score; its score step per document; {@code levels[j]}
 * the documents scoring at least {@code LEVELS[j] * best}; its first documents
 * ({@code topDocs}, best first); and the documents scoring at least {@code exactFloor}
 * ({@code byDoc}, in doc order, with {@code byDocScores}).
 */
record WordSummary(float best, byte[] steps, FixedBitSet[] levels, int[] topDocs, float[] topScores, float exactFloor, int[] byDoc,
        float[] byDocScores) {
    /**
     * The shares of a word's best score with a bit set of the documents reaching them; 0 is
     * every document with the word. The top k of several common words score within a few
     * tenths of each word's best.
     */
    static final float[] LEVELS = {0f, 0.6f, 0.75f, 0.9f};
    /** The share of its best above which a word's documents are kept with their exact scores. */
    static final float EXACT_SHARE = 0.6f;
    /** How many of each word's best documents the first threshold is taken from. */
    static final int THRESHOLD_DOCUMENTS = 128;
    /** The steps of a word's best score that its per-document bytes count in (1-254; 0 is no word). */
    static final int STEPS = 253;

    /** Returns about how much memory the summary takes, in bytes. */
    long bytes() {
        long b = 160L + steps.length + 8L * (topDocs.length + byDoc.length);
        for (FixedBitSet l : levels) {
            b += l.ramBytesUsed();
        }
        return b;
    }

    /** Returns the documents scoring at least {@code minimum}, as tightly as the levels allow. */
    FixedBitSet atLeast(double minimum) {
        for (int j = LEVELS.length - 1; j > 0; j--) {
            if (LEVELS[j] * best <= minimum) {
                return levels[j];
            }
        }
        return levels[0];
    }

    /** Returns a score the document reaches at least for this word (0 without it). */
    double lower(int doc) {
        int step = steps[doc] & 0xff;
        return step == 0 ? 0 : (double) best * (step - 1) / STEPS;
    }

    /**
     * Returns the document's exact score when it is kept, else NaN; searches from
     * {@code cursor[0]} and leaves it there, for documents asked in doc order.
     */
    float exact(int doc, int[] cursor) {
        int from = cursor[0];
        int step = 1;
        int hi = from;
        while (hi < byDoc.length && byDoc[hi] < doc) { // gallop, then search the last stride
            from = hi + 1;
            hi += step;
            step <<= 1;
        }
        int at = Arrays.binarySearch(byDoc, from, Math.min(hi + 1, byDoc.length), doc);
        cursor[0] = at >= 0 ? at : -at - 1;
        return at >= 0 ? byDocScores[at] : Float.NaN;
    }

    /** Scores every document of the word in the segment and summarises them. */
    static WordSummary build(LeafReaderContext leaf, Weight weight) throws IOException {
        int maxDoc = leaf.reader().maxDoc();
        Scorer scorer = weight.scorer(leaf);
        int[] docs = new int[256];
        float[] scores = new float[256];
        int size = 0;
        float best = 0;
        if (scorer != null) {
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (size == docs.length) {
                    docs = Arrays.copyOf(docs, size * 2);
                    scores = Arrays.copyOf(scores, size * 2);
                }
                float s = scorer.score();
                docs[size] = doc;
                scores[size++] = s;
                best = Math.max(best, s);
            }
        }
        byte[] steps = new byte[maxDoc];
        FixedBitSet[] levels = new FixedBitSet[LEVELS.length];
        for (int j = 0; j < LEVELS.length; j++) {
            levels[j] = new FixedBitSet(maxDoc);
        }
        float exactFloor = EXACT_SHARE * best;
        int exact = 0;
        for (int p = 0; p < size; p++) {
            int doc = docs[p];
            float s = scores[p];
            // 1 + floor(253 s / best): the step's upper edge is above the score, its lower edge not.
            steps[doc] = (byte) (1 + Math.min(STEPS, (int) ((double) s * STEPS / best)));
            for (int j = 0; j < LEVELS.length; j++) {
                if (s >= LEVELS[j] * best) {
                    levels[j].set(doc);
                }
            }
            if (s >= exactFloor) {
                exact++;
            }
        }
        int[] byDoc = new int[exact];
        float[] byDocScores = new float[exact];
        long[] byScore = new long[size]; // score bits (positive floats sort as their bits) and doc
        int e = 0;
        for (int p = 0; p < size; p++) {
            if (scores[p] >= exactFloor) {
                byDoc[e] = docs[p]; // postings come in doc order
                byDocScores[e++] = scores[p];
            }
            byScore[p] = ((long) Float.floatToIntBits(scores[p]) << 32) | (docs[p] & 0xffffffffL);
        }
        Arrays.sort(byScore);
        int top = Math.min(THRESHOLD_DOCUMENTS, size);
        int[] topDocs = new int[top];
        float[] topScores = new float[top];
        for (int p = 0; p < top; p++) {
            long packed = byScore[size - 1 - p];
            topDocs[p] = (int) packed;
            topScores[p] = Float.intBitsToFloat((int) (packed >>> 32));
        }
        return new WordSummary(best, steps, levels, topDocs, topScores, exactFloor, byDoc, byDocScores);
    }
}
