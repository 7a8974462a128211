package dev.acf.ans.resolve;

import dev.acf.ans.resolve.HybridSearch.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
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
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.QueryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The BM25 side of a search:
 *
 * <pre>
 *  1. ranking: one plain disjunction over the combined field (one clause per word: the word
 *     and its synonym concepts), so Lucene skips the blocks that cannot reach the top (WAND)
 *  2. optional ({@code candidates > 0}): the best candidates re-ranked by the per-field query,
 *     each word counting in its best field
 * </pre>
 *
 * In a large index, words found in more than half the documents are left out when rarer ones
 * remain ({@link #COMMON_WORD_SHARE}), and a need made of such words alone is not searched on its
 * own ({@link #discriminates}). Synonyms are concepts indexed with the text ({@link SynonymConcepts}), so both stages ask a
 * few terms per word instead of every spelling of its synonyms. The per-field query alone
 * ({@link #EXACT}) visits every document that matches any word in any of four fields; re-ranking
 * advances its twenty-odd posting lists to each candidate, which cost as much as the first stage
 * over a large catalogue for no better answers, so by default the first stage is the ranking.
 * Thread-safe: the analysed query texts are cached.
 */
final class LexicalSearch {
    /**
     * The default number of candidates re-ranked by the per-field query: none, the combined
     * field's ranking is the answer. Over the labelled sets it ranks as well as the per-field
     * query (better lexically, a little lower fused on the public set, the same on the held-out
     * one) at a fraction of the cost: one disjunction of one posting list per word, pruned by
     * block-max WAND against the top {@code depth} alone, and nothing advanced per candidate.
     */
    static final int DEFAULT_CANDIDATES = 0;
    /** Candidates that mean: rank every matching document with the per-field query alone (the slow reference). */
    static final int EXACT = Integer.MAX_VALUE;

    /**
     * Field boosts of the exact query: tags say most about an agent. Names need no boost of
     * their own since each word counts only in its best field, where BM25 already favours the
     * short name; boosting them let one word of a name ("signalling") outrank the agent whose
     * description answers the intent.
     */
    private static final Map<String, Float> FIELDS = orderedFields();
    /** The boost of Chinese words matched in Chinese agent texts. */
    private static final float CHINESE_BOOST = 3.0f;

    /**
     * The share of documents above which a query word is left out when rarer words remain: its
     * inverse document frequency is under ln 2, a sixth or less of a distinctive word's, so it
     * hardly reorders anything, yet each candidate must be advanced through its posting list,
     * which holds most of the index (an automatic stop word, as "agent", "check" or "fix" are
     * in a catalogue of telecom agents).
     */
    static final double COMMON_WORD_SHARE = 0.5;
    /**
     * The documents an index holds before common words are left out: in a small catalogue their
     * posting lists cost nothing worth a change of ranking, and a few documents say little about
     * what is common.
     */
    static final int COMMON_WORDS_FROM_DOCUMENTS = 10_000;

    /**
     * The documents an index holds before a search is split for two threads
     * ({@link #partitioned}): a smaller index answers in well under a millisecond, where waking
     * the helper weighs more (not tuned).
     */
    static final int PARTITION_FROM_DOCUMENTS = 50_000;

    /** How many analysed query texts are kept: analysis with synonyms is a good part of a small query's cost. */
    private static final int ANALYSED_TEXTS = 1024;

    private final TelecomAnalysis analysis;
    private final int candidates;
    private final @Nullable WordSummaries summaries;
    private final QueryCache<String, List<Word>> analysed = new QueryCache<>(ANALYSED_TEXTS);

    /**
     * @param candidates how many of the first stage's best documents the per-field query
     *     re-ranks: 0 none, {@link #EXACT} every matching document (the first stage skipped)
     */
    LexicalSearch(TelecomAnalysis analysis, int candidates) {
        this(analysis, candidates, null);
    }

    /**
     * @param candidates as above
     * @param summaries the words' summaries, which bound the first stage of a search over a
     *     large index ({@link WordSummaries}); null to run Lucene's search alone
     */
    LexicalSearch(TelecomAnalysis analysis, int candidates, @Nullable WordSummaries summaries) {
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must not be negative, was " + candidates);
        }
        this.analysis = analysis;
        this.candidates = candidates;
        this.summaries = summaries;
    }

    /** Returns the best {@code depth} documents for the text, best first. */
    TopDocs search(IndexSearcher searcher, Text text, @Nullable Query filter, int depth) throws IOException {
        List<Word> words = words(searcher, text);
        List<Query> clauses = clauses(words); // built once: the summaries and Lucene's search take the same
        Query cheap = candidates == EXACT ? null : query(clauses, text);
        Query exact = candidates == 0 ? null : perField(words, text);
        if (candidates == EXACT) {
            return exact == null ? none() : searcher.search(filtered(exact, filter), depth);
        }
        if (cheap == null) {
            return none(); // the same words make both queries: neither has a clause
        }
        int n = Math.max(candidates, depth);
        TopDocs first = fromSummaries(searcher, clauses, text, filter, n);
        if (first == null) {
            // Counting hits only up to n lets the disjunction skip blocks that cannot reach the top n (block-max WAND).
            first = searcher.search(filtered(cheap, filter), new TopScoreDocCollectorManager(n, null, n));
        }
        return exact == null ? first : rescore(searcher, first.scoreDocs, exact, depth);
    }

    /**
     * Returns the best {@code depth} documents of the first stage, found from the words'
     * summaries ({@link WordSummaries}), or null when they do not answer this search: no
     * summaries, a Chinese text, a filter, re-ranking per field, or a search they leave to Lucene.
     */
    @Nullable TopDocs fromSummaries(IndexSearcher searcher, Text text, @Nullable Query filter, int depth) throws IOException {
        return candidates != 0 ? null : fromSummaries(searcher, clauses(words(searcher, text)), text, filter, depth);
    }

    private @Nullable TopDocs fromSummaries(IndexSearcher searcher, List<Query> clauses, Text text, @Nullable Query filter, int n)
            throws IOException {
        // A filter narrows the documents Lucene visits already; the summaries rank the whole index.
        if (summaries == null || text.chinese() != null || filter != null || candidates == EXACT) {
            return null;
        }
        return summaries.search(searcher, clauses, n);
    }

    /**
     * Returns the search of {@link #search} split into {@code parts} ranges of documents that
     * threads may run at once, or null when it is not split: an index under
     * {@link #PARTITION_FROM_DOCUMENTS}, or a search whose candidates are re-ranked per field.
     */
    @Nullable PartitionedSearch partitioned(IndexSearcher searcher, Text text, @Nullable Query filter, int depth, int parts) throws IOException {
        if (candidates != 0 || parts < 2 || searcher.getIndexReader().maxDoc() < PARTITION_FROM_DOCUMENTS) {
            return null;
        }
        Query cheap = combined(words(searcher, text), text);
        PartitionedSearch split = new PartitionedSearch(searcher, cheap == null ? null : filtered(cheap, filter), depth, parts);
        return split.parts() < 2 ? null : split;
    }

    /**
     * Ranks only the given documents for the text, as {@link #search} would rank them (with the
     * per-field query when this search re-ranks its candidates); returns the best {@code depth}.
     * Documents the text does not match are dropped.
     */
    TopDocs searchAmong(IndexSearcher searcher, Text text, ScoreDoc[] documents, int depth) throws IOException {
        List<Word> words = words(searcher, text);
        Query ranking = candidates == 0 ? combined(words, text) : perField(words, text);
        return ranking == null || documents.length == 0 ? none() : rescore(searcher, documents, ranking, depth);
    }

    /**
     * Returns true when every word the whole text is searched with is also a word of one of the
     * parts, so that the parts' documents hold every document the whole matches well; false for
     * a Chinese text, whose own words have no counterpart among its English parts.
     */
    boolean coveredBy(IndexSearcher searcher, Text whole, List<Text> parts) throws IOException {
        if (whole.chinese() != null) {
            return false;
        }
        java.util.Set<List<String>> partWords = new java.util.HashSet<>();
        for (Text part : parts) {
            analysed.get(part.english(), this::words).forEach(w -> partWords.add(w.terms()));
        }
        for (Word w : words(searcher, whole)) {
            if (!partWords.contains(w.terms())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns false when, in a large index, every word of the text is common
     * ({@link #COMMON_WORD_SHARE}): such a text ranks documents by words most of them hold, so
     * its order says little, while its search reads most of the index's postings. One need of
     * a multi-need intent may be such a text ("... and also check handsets" in a catalogue where
     * most agents check and serve handsets); its words still count in the whole intent's search.
     * Always true in a small index, where nothing is left out.
     */
    boolean discriminates(IndexSearcher searcher, Text text) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        if (text.chinese() != null || reader.maxDoc() < COMMON_WORDS_FROM_DOCUMENTS) {
            return true;
        }
        long common = (long) (COMMON_WORD_SHARE * reader.maxDoc());
        List<Word> words = analysed.get(text.english(), this::words);
        for (Word w : words) {
            if (documentFrequency(w, reader) <= common) {
                return true;
            }
        }
        return words.isEmpty(); // a text of no word costs nothing: its search finds nothing
    }

    /** Returns the text's words as searched: analysed (cached), common words left out in a large index. */
    private List<Word> words(IndexSearcher searcher, Text text) throws IOException {
        List<Word> words = analysed.get(text.english(), this::words);
        return searcher.getIndexReader().maxDoc() >= COMMON_WORDS_FROM_DOCUMENTS ? withoutCommonWords(words, searcher.getIndexReader()) : words;
    }

    /** The first stage's query: each word in the combined field; null when it has no clause. */
    private @Nullable Query combined(List<Word> words, Text text) {
        return query(clauses(words), text);
    }

    /** Returns the first stage's clauses: one per word, in the combined field. */
    private static List<Query> clauses(List<Word> words) {
        List<Query> combined = new ArrayList<>(words.size());
        words.forEach(w -> combined.add(anyOf(AgentDocuments.ALL, w.terms())));
        return combined;
    }

    /** The per-field query: each word in its best field; null when it has no clause. */
    private @Nullable Query perField(List<Word> words, Text text) {
        List<Query> perWord = new ArrayList<>(words.size());
        words.forEach(w -> perWord.add(bestField(w.terms())));
        return query(perWord, text);
    }

    /**
     * Returns the words without those found in more than {@link #COMMON_WORD_SHARE} of the
     * documents, unless no other word would remain.
     */
    static List<Word> withoutCommonWords(List<Word> words, IndexReader reader) throws IOException {
        if (words.size() < 2) {
            return words;
        }
        long common = (long) (COMMON_WORD_SHARE * reader.maxDoc());
        List<Word> kept = new ArrayList<>(words.size());
        for (Word w : words) {
            if (documentFrequency(w, reader) <= common) {
                kept.add(w);
            }
        }
        return kept.isEmpty() || kept.size() == words.size() ? words : kept;
    }

    /** Returns how many documents of the combined field hold the word, as its query scores it. */
    private static int documentFrequency(Word w, IndexReader reader) throws IOException {
        int df = 0;
        for (String t : w.terms()) {
            // A word's terms score as one (SynonymQuery), with the largest of their document frequencies.
            df = Math.max(df, reader.docFreq(new Term(AgentDocuments.ALL, t)));
        }
        return df;
    }

    private static TopDocs none() {
        return new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]);
    }

    /**
     * One query word as the index analyses it: the terms it asks, its own term and the synonym
     * concepts that start at it, or the concepts alone when they find every document with the
     * word (one posting list to score instead of a sum of two, and a word counts the same
     * whichever synonym a document uses).
     */
    record Word(List<String> terms) {}

    /** Returns the words of an English text: a handful of terms, however many spellings the concepts have. */
    private List<Word> words(String text) {
        Map<Integer, List<String>> byPosition = new TreeMap<>();
        Map<Integer, Boolean> covered = new HashMap<>();
        SynonymConcepts concepts = analysis.concepts();
        try (TokenStream tokens = analysis.queryAnalyzer().tokenStream(AgentDocuments.ALL, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = tokens.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute length = tokens.addAttribute(PositionLengthAttribute.class);
            tokens.reset();
            int position = -1;
            while (tokens.incrementToken()) {
                position += increment.getPositionIncrement();
                List<String> word = byPosition.computeIfAbsent(position, p -> new ArrayList<>(2));
                String t = term.toString();
                if (t.startsWith(SynonymConcepts.PREFIX)) {
                    word.add(t);
                    // A concept of this one word that all its documents carry; one of a phrase starting here is not.
                    boolean covers = length.getPositionLength() == 1 && concepts.coversItsQueries(t);
                    covered.merge(position, covers, Boolean::logicalOr);
                } else {
                    word.add(0, t); // the word itself first
                }
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Word> out = new ArrayList<>(byPosition.size());
        byPosition.forEach((position, terms) -> out.add(new Word(
                covered.getOrDefault(position, false) ? List.copyOf(terms.subList(1, terms.size())) : List.copyOf(terms))));
        return List.copyOf(out);
    }

    /** Returns one word's clause: its terms in one field, as one term (frequencies summed). */
    private static Query anyOf(String field, List<String> terms) {
        if (terms.size() == 1) {
            return new TermQuery(new Term(field, terms.get(0)));
        }
        SynonymQuery.Builder any = new SynonymQuery.Builder(field);
        terms.forEach(t -> any.addTerm(new Term(field, t)));
        return any.build();
    }

    /**
     * Returns one word's clause in the exact query: the best of its matches over the fields, so
     * a word counts once however many fields repeat it, and an agent matching several of the
     * intent's words beats one matching a single rare word in every field.
     */
    private static Query bestField(List<String> terms) {
        List<Query> alternatives = new ArrayList<>(FIELDS.size());
        FIELDS.forEach((field, boost) -> alternatives.add(new BoostQuery(anyOf(field, terms), boost)));
        return new DisjunctionMaxQuery(alternatives, 0f);
    }

    /** Returns the disjunction of the English clauses and, for a Chinese text, its own words; null when empty. */
    private @Nullable Query query(List<Query> english, Text text) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        english.forEach(q -> any.add(q, Occur.SHOULD));
        if (text.chinese() != null) {
            Query zh = new QueryBuilder(analysis.queryAnalyzer()).createBooleanQuery(AgentDocuments.CHINESE, text.chinese());
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

    private static Map<String, Float> orderedFields() {
        Map<String, Float> fields = new LinkedHashMap<>();
        fields.put(AgentDocuments.NAME, 1.0f);
        fields.put(AgentDocuments.DESCRIPTION, 1.0f);
        fields.put(AgentDocuments.TAGS, 1.5f);
        fields.put(AgentDocuments.EXAMPLES, 1.0f);
        return java.util.Collections.unmodifiableMap(fields);
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
