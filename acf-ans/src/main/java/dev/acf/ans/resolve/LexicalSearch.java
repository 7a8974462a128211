package dev.acf.ans.resolve;

import dev.acf.ans.resolve.HybridSearch.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.QueryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The BM25 side of a search, in two stages:
 *
 * <pre>
 *  1. candidates: one plain disjunction over the combined field (one clause per word or synonym
 *     group), so Lucene skips the documents that cannot reach the top (MaxScore)
 *  2. ranking: only the candidates scored by the exact query, each word counting in its best field
 * </pre>
 *
 * The exact query alone gives the same ranking when the candidates hold its top documents,
 * but over a large catalogue it visits every document that matches any expanded word in any
 * of four fields. Thread-safe: immutable.
 */
final class LexicalSearch {
    /** The default number of candidates the first stage passes to the exact ranking. */
    static final int DEFAULT_CANDIDATES = 300;

    /**
     * Field boosts of the exact query: tags say most about an agent. Names need no boost of
     * their own since each word counts only in its best field, where BM25 already favours the
     * short name; boosting them let one word of a name ("signalling") outrank the agent whose
     * description answers the intent.
     */
    private static final Map<String, Float> FIELDS = Map.of(
            AgentDocuments.NAME, 1.0f, AgentDocuments.DESCRIPTION, 1.0f, AgentDocuments.TAGS, 1.5f, AgentDocuments.EXAMPLES, 1.0f);
    /** The boost of Chinese words matched in Chinese agent texts. */
    private static final float CHINESE_BOOST = 3.0f;

    private final TelecomAnalysis analysis;
    private final int candidates;

    /**
     * @param candidates how many documents the first stage keeps; 0 ranks every matching
     *     document with the exact query (the reference the two stages are checked against)
     */
    LexicalSearch(TelecomAnalysis analysis, int candidates) {
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must not be negative, was " + candidates);
        }
        this.analysis = analysis;
        this.candidates = candidates;
    }

    /** Returns the best {@code depth} documents for the text, best first. */
    TopDocs search(IndexSearcher searcher, Text text, @Nullable Query filter, int depth) throws IOException {
        QueryBuilder builder = new QueryBuilder(analysis.queryAnalyzer());
        Query exact = query(builder, perWord(builder, text.english()), text);
        if (exact == null) {
            return new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]);
        }
        if (candidates == 0) {
            return searcher.search(filtered(exact, filter), depth);
        }
        Query all = builder.createBooleanQuery(AgentDocuments.ALL, text.english());
        Query cheap = query(builder, all == null ? List.of() : List.of(all), text);
        TopDocs first = searcher.search(filtered(cheap == null ? exact : cheap, filter), Math.max(candidates, depth));
        return rescore(searcher, first.scoreDocs, exact, depth);
    }

    /** Returns the disjunction of the English clauses and, for a Chinese text, its own words; null when empty. */
    private static @Nullable Query query(QueryBuilder builder, List<Query> english, Text text) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        english.forEach(q -> any.add(q, Occur.SHOULD));
        if (text.chinese() != null) {
            Query zh = builder.createBooleanQuery(AgentDocuments.CHINESE, text.chinese());
            if (zh != null) {
                // Words of the user's own language found in an agent's own text outweigh glossary renderings.
                any.add(new BoostQuery(zh, CHINESE_BOOST), Occur.SHOULD);
            }
        }
        BooleanQuery q = any.build();
        return q.clauses().isEmpty() ? null : q;
    }

    private static Query filtered(Query q, @Nullable Query filter) {
        return filter == null ? q : new BooleanQuery.Builder().add(q, Occur.MUST).add(filter, Occur.FILTER).build();
    }

    /**
     * Returns one clause per query word (or synonym group): the best of its matches over the
     * fields, so a word counts once however many fields repeat it, and an agent matching
     * several of the intent's words beats one matching a single rare word in every field.
     */
    private static List<Query> perWord(QueryBuilder builder, String text) {
        List<String> fields = List.copyOf(FIELDS.keySet());
        List<List<Query>> perField = new ArrayList<>();
        for (String field : fields) {
            Query q = builder.createBooleanQuery(field, text);
            perField.add(q == null ? List.of() : q instanceof BooleanQuery b && b.clauses().stream().allMatch(c -> c.occur() == Occur.SHOULD)
                    ? b.clauses().stream().map(c -> c.query()).toList() : List.of(q));
        }
        int n = perField.get(0).size();
        List<Query> out = new ArrayList<>();
        if (perField.stream().anyMatch(l -> l.size() != n)) {
            // Not expected (one analyzer for all these fields), but then each field's query as it is.
            for (int f = 0; f < fields.size(); f++) {
                float boost = FIELDS.get(fields.get(f));
                perField.get(f).forEach(q -> out.add(new BoostQuery(q, boost)));
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            List<Query> alternatives = new ArrayList<>();
            for (int f = 0; f < fields.size(); f++) {
                alternatives.add(new BoostQuery(perField.get(f).get(i), FIELDS.get(fields.get(f))));
            }
            out.add(new DisjunctionMaxQuery(alternatives, 0f));
        }
        return out;
    }

    /**
     * Scores the candidates with the exact query, visiting only them (in doc order, segment by
     * segment); candidates it does not match are dropped. Ties go to the lower doc id, as in a
     * plain search.
     */
    static TopDocs rescore(IndexSearcher searcher, ScoreDoc[] candidates, Query exact, int depth) throws IOException {
        ScoreDoc[] inDocOrder = candidates.clone();
        Arrays.sort(inDocOrder, Comparator.comparingInt(sd -> sd.doc));
        Weight weight = searcher.createWeight(searcher.rewrite(exact), ScoreMode.COMPLETE, 1);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<ScoreDoc> scored = new ArrayList<>(inDocOrder.length);
        LeafReaderContext leaf = null;
        Scorer scorer = null;
        for (ScoreDoc candidate : inDocOrder) {
            if (leaf == null || candidate.doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(candidate.doc, leaves));
                scorer = weight.scorer(leaf);
            }
            if (scorer == null) {
                continue;
            }
            int target = candidate.doc - leaf.docBase;
            DocIdSetIterator it = scorer.iterator();
            int at = it.docID() < target ? it.advance(target) : it.docID();
            if (at == target) {
                scored.add(new ScoreDoc(candidate.doc, scorer.score()));
            }
        }
        scored.sort((a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        ScoreDoc[] top = scored.subList(0, Math.min(depth, scored.size())).toArray(ScoreDoc[]::new);
        return new TopDocs(new TotalHits(scored.size(), TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO), top);
    }
}
