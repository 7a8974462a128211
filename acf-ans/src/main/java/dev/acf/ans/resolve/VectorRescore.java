package dev.acf.ans.resolve;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * The hits of a vector search over 7-bit vectors scored again with the full-precision vectors
 * the index keeps beside them: the graph finds the neighbours with the quantized vectors, whose
 * scores are a little coarser, enough to swap near neighbours and change a fused ranking.
 * Reading a hundred float vectors costs little beside the graph search. Stateless and thread-safe.
 */
final class VectorRescore {
    private VectorRescore() {}

    /** Returns the hits with the exact dot-product scores ({@code (1 + cos) / 2}, as Lucene's), best first. */
    static TopDocs exact(IndexSearcher searcher, TopDocs top, float[] query) throws IOException {
        ScoreDoc[] inDocOrder = top.scoreDocs.clone();
        Arrays.sort(inDocOrder, Comparator.comparingInt(sd -> sd.doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        FloatVectorValues values = null;
        KnnVectorValues.DocIndexIterator at = null;
        ScoreDoc[] scored = new ScoreDoc[inDocOrder.length];
        for (int i = 0; i < inDocOrder.length; i++) {
            ScoreDoc hit = inDocOrder[i];
            if (leaf == null || hit.doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                values = leaf.reader().getFloatVectorValues(AgentDocuments.VECTOR);
                at = values == null ? null : values.iterator();
            }
            float score = hit.score;
            int local = hit.doc - leaf.docBase;
            if (at != null && (at.docID() == local || (at.docID() < local && at.advance(local) == local))) {
                score = VectorSimilarityFunction.DOT_PRODUCT.compare(query, values.vectorValue(at.index()));
            }
            scored[i] = new ScoreDoc(hit.doc, score);
        }
        Arrays.sort(scored, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        return new TopDocs(top.totalHits, scored);
    }
}
