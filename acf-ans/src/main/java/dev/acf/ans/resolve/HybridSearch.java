package dev.acf.ans.resolve;

import dev.acf.ans.resolve.RankFusion.Hit;
import dev.acf.api.resolve.Embedder;
import dev.acf.api.resolve.ResolveQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.jspecify.annotations.Nullable;

/**
 * One semantic search over an index snapshot:
 *
 * <pre>
 *  intent -> drop negated topics -> Chinese? glossary to English : correct typos
 *         -> texts = [whole intent] + clauses (when it has several needs)
 *         -> per text: BM25 (one combined field, synonym concepts, SmartCN; optionally the best
 *                      candidates re-ranked per field) | KNN(embedding)   both pre-filtered
 *                      (several needs: only the clauses are embedded, the whole's vector is their sum;
 *                       when the clauses hold every word, the whole's BM25 ranks the clauses' documents;
 *                       a clause of only common words in a large index has no BM25 list of its own)
 *                      -> skills grouped to agents -> fused (RRF or linear)
 *         -> texts combined (as the fusion) -> head diversified over the clauses (xQuAD)
 *         -> top k agents, score 0-1, best skill
 * </pre>
 *
 * Thread-safe: holds only immutable collaborators; each call gets its own searcher.
 */
final class HybridSearch {
    /** The total weight of an intent's clauses beside the whole intent's 1.0. */
    private static final double CLAUSES_WEIGHT = 0.6;
    /**
     * How much covering a need not yet covered counts against an agent's own score when the
     * answer to a multi-need intent is diversified: chosen by 5-fold cross-validation on the
     * public labelled set (every fold chose it) and checked on a held-out catalogue.
     */
    private static final double NOVELTY_WEIGHT = 0.7;
    /** How much of a need its best agent covers: below 1 so a need may still take a second agent. */
    private static final double NEED_COVERAGE = 0.7;
    /** How many of the first agents diversification may reorder. */
    private static final int DIVERSIFIED_HEAD = 20;

    /**
     * The neighbours a vector search keeps, at least: linear fusion scales a list's scores by its
     * last one and adds an agent missing from one list as zero, so the vector list reaches well
     * past the answer. 100 and 50 rank the labelled sets alike; the graph search costs less the
     * fewer it keeps.
     */
    private static final int VECTOR_DEPTH = 50;
    /** The neighbours a vector search keeps per answer asked, when that is more than {@link #VECTOR_DEPTH}. */
    private static final int VECTOR_DEPTH_PER_ANSWER = 10;
    /**
     * The documents a BM25 list keeps per answer (in every mode): an agent has a handful of
     * documents (itself and its skills). A shallow list lets WAND's threshold rise sooner; in
     * hybrid mode the labelled sets rank as well with it as with 100 documents.
     */
    private static final int LEXICAL_DEPTH_PER_ANSWER = 4;

    /**
     * How many parts a lexical-mode BM25 search over a large index is split into: the searching
     * thread and its one helper. Four parts balanced a late helper better but cost more per
     * search (each part looks its terms up again), and measured a worse tail.
     */
    private static final int LEXICAL_PARTS = 2;

    private final WordSummaries summaries;
    private final LexicalSearch lexical;
    private final LexicalSearch fusedLexical;
    private final ChineseGlossary glossary;
    private final @Nullable Embedder embedder;
    /** Whether the graph holds 7-bit vectors, whose neighbours are scored again with the float ones. */
    private final boolean quantizedVectors;

    /** Stops building word summaries; the index calls it when it closes. */
    void close() {
        summaries.close();
    }

    /** Returns the glossary, which indexing uses too. */
    ChineseGlossary glossary() {
        return glossary;
    }

    /**
     * @param lexicalCandidates see {@link LexicalSearch#LexicalSearch}, for lexical-only searches
     * @param hybridCandidates the same for the BM25 list of a hybrid search
     * @param quantizedVectors whether the index keeps 7-bit vectors (see {@link VectorRescore})
     * @param summaries the summaries of common words that bound the BM25 searches over a large index
     */
    HybridSearch(TelecomAnalysis analysis, ChineseGlossary glossary, @Nullable Embedder embedder, int lexicalCandidates, int hybridCandidates,
            boolean quantizedVectors, WordSummaries summaries) {
        this.summaries = summaries;
        this.lexical = new LexicalSearch(analysis, lexicalCandidates, summaries);
        this.fusedLexical = hybridCandidates == lexicalCandidates ? lexical : new LexicalSearch(analysis, hybridCandidates, summaries);
        this.glossary = glossary;
        this.embedder = embedder;
        this.quantizedVectors = quantizedVectors;
    }

    /** A text to retrieve with: its English form, and the Chinese original when there was one. */
    record Text(String english, @Nullable String chinese) {}

    /** Returns the texts of an intent: the whole, then its clauses when it has several needs. */
    List<Text> texts(String intent, IndexSearcher searcher, boolean split) {
        String kept = IntentText.withoutNegatedTopics(intent);
        Text whole = ChineseGlossary.hasChinese(kept)
                ? new Text(glossary.translate(kept), kept)
                : new Text(TypoCorrector.correct(kept, searcher.getIndexReader()), null);
        List<Text> texts = new ArrayList<>();
        texts.add(whole);
        if (split) {
            List<String> clauses = IntentText.clauses(whole.english(), 2);
            if (clauses.size() >= 2) {
                clauses.forEach(c -> texts.add(new Text(c, null)));
            }
        }
        return texts;
    }

    /** Runs the search; returns agents best first, with scores in 0-1. */
    List<Hit> search(IndexSearcher searcher, ResolveQuery query, SearchOptions options) throws IOException {
        ResolutionMode mode = embedder == null ? ResolutionMode.LEXICAL : options.mode();
        Query filter = FilterClauses.excludesNothing(searcher, query.filters()) ? null : FilterClauses.of(query.filters());
        int depth = Math.max(VECTOR_DEPTH, query.limit() * VECTOR_DEPTH_PER_ANSWER);
        List<Text> texts = texts(query.text(), searcher, options.splitIntents());
        int n = texts.size();
        // Every retrieval is a task shared with a helper thread (SharedTasks): this thread starts
        // with the first query embedding and its vector search, which the answer waits for
        // longest, while the helper runs the rest (the other embeddings first, then the BM25
        // searches), so a helper that wakes late delays only work with time to spare. Then this
        // thread takes what the helper has not started: wall time is about half the work.
        List<Supplier<List<Hit>>> tasks = new ArrayList<>(2 * n);
        CompletableFuture<List<Hit>> derivedWhole = mode == ResolutionMode.LEXICAL ? null : vectorSearches(texts, searcher, filter, depth, tasks);
        int vectorTasks = tasks.size();
        // A multi-need intent whose clauses hold all its words ranks its own BM25 list among the
        // documents the clauses found instead of searching the index again: the whole intent's
        // disjunction of every word was the costliest search of such an intent, and over the labelled
        // sets it ranks about the same (benchmarks/README.md). A word left out of every clause (a need
        // of one word, "... and my bill") still needs the whole intent's own search to be found.
        //
        // A clause whose every word is common in a large index gets no BM25 search of its own
        // (LexicalSearch.discriminates): its list would be an arbitrary pick among most of the
        // index, and it was the costliest search of the intents that have one. In hybrid mode its
        // vector list still speaks for it.
        boolean[] clauseSearched = new boolean[n];
        boolean anyClauseSearched = false;
        for (int c = 1; c < n && mode != ResolutionMode.VECTOR; c++) {
            clauseSearched[c] = lexical.discriminates(searcher, texts.get(c));
            anyClauseSearched |= clauseSearched[c];
        }
        boolean wholeAmongClauses = anyClauseSearched && lexical.coveredBy(searcher, texts.get(0), texts.subList(1, n));
        AtomicReferenceArray<ScoreDoc[]> clauseDocs = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<List<Hit>> lexicalLists = new AtomicReferenceArray<>(n);
        if (mode != ResolutionMode.VECTOR) {
            // A lone lexical search would leave the helper idle, so it is split in two halves of the
            // index that both threads run. Several searches (an intent of several needs) already
            // share the two threads, and in hybrid mode the helper searches while this thread
            // embeds: splitting them measured no gain, only a worse tail (benchmarks/README.md).
            boolean split = mode == ResolutionMode.LEXICAL && n == 1;
            if (!wholeAmongClauses) {
                lexicalTasks(tasks, searcher, texts.get(0), filter, mode == ResolutionMode.HYBRID, lexicalDepth(query.limit()), split,
                        top -> lexicalLists.set(0, grouped(searcher, top)));
            }
            for (int c = 1; c < n; c++) {
                if (!clauseSearched[c]) {
                    lexicalLists.set(c, List.of());
                    continue;
                }
                int at = c;
                // A clause's list weighs a fraction of the whole intent's in fusion, and the labelled
                // sets rank as well when it is not re-ranked per field (public MRR a little higher).
                lexicalTasks(tasks, searcher, texts.get(c), filter, false, lexicalDepth(query.limit()), false, top -> {
                    clauseDocs.set(at, top.scoreDocs);
                    lexicalLists.set(at, grouped(searcher, top));
                });
            }
        }
        SharedTasks<List<Hit>> helped = SharedTasks.start(tasks, ForkJoinPool.commonPool());
        List<List<Hit>> done;
        try {
            done = helped.finish();
        } catch (RuntimeException e) {
            helped.abandon(); // the helper must be done with the snapshot before it is released
            if (e instanceof java.io.UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
        List<List<Hit>> vectorLists = new ArrayList<>(done.subList(0, vectorTasks));
        if (derivedWhole != null) {
            vectorLists.add(0, derivedWhole.join()); // complete: the last clause task searched it
        }
        if (wholeAmongClauses) {
            ScoreDoc[][] docs = new ScoreDoc[n][];
            for (int c = 1; c < n; c++) {
                docs[c] = clauseDocs.get(c);
            }
            lexicalLists.set(0, wholeAmong(searcher, texts.get(0), docs, mode == ResolutionMode.HYBRID, query.limit()));
        }
        List<List<Hit>> perText = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            List<Hit> lexical = mode == ResolutionMode.VECTOR ? List.of() : lexicalLists.get(t);
            List<Hit> vector = mode == ResolutionMode.LEXICAL ? List.of() : vectorLists.get(t);
            perText.add(switch (mode) {
                case LEXICAL -> RankFusion.linear(List.of(lexical), new double[] {1});
                case VECTOR -> vector;
                case HYBRID -> options.fusion() == Fusion.LINEAR
                        ? RankFusion.linear(List.of(lexical, vector), new double[] {options.lexicalWeight(), 1 - options.lexicalWeight()})
                        : RankFusion.reciprocalRank(List.of(lexical, vector), new double[] {1, 1});
            });
        }
        if (perText.size() == 1) {
            return perText.get(0);
        }
        double[] weights = new double[perText.size()];
        // The whole intent leads; the clauses together weigh a little over half of it, enough to
        // lift each need's best agent into the top k without letting a stray clause dominate.
        Arrays.fill(weights, CLAUSES_WEIGHT / (perText.size() - 1));
        weights[0] = 1.0;
        List<Hit> fused = options.fusion() == Fusion.LINEAR ? RankFusion.linear(perText, weights) : RankFusion.reciprocalRank(perText, weights);
        // Then the head is reordered so each need's agents get in even when one need dominates the whole text.
        return RankFusion.diversified(fused, perText.subList(1, perText.size()), NOVELTY_WEIGHT, NEED_COVERAGE, DIVERSIFIED_HEAD);
    }

    /**
     * Adds the tasks of one text's BM25 search: one task, or one per part of the index when the
     * search is split; whichever thread ends the last part hands the documents to {@code done}.
     * The tasks throw {@link java.io.UncheckedIOException} so they can run on the helper.
     *
     * @param fused whether the list is the whole intent's in a hybrid search, whose candidates
     *     are re-ranked as {@code hybridCandidates} says; otherwise as {@code lexicalCandidates} says
     * @param split whether to split the search for the searching thread and its helper
     * @param depth how many documents to keep, best first ({@link #lexicalDepth})
     */
    private void lexicalTasks(List<Supplier<List<Hit>>> tasks, IndexSearcher searcher, Text text, @Nullable Query filter, boolean fused,
            int depth, boolean split, Consumer<TopDocs> done) throws IOException {
        LexicalSearch search = fused ? fusedLexical : lexical;
        if (split) {
            TopDocs bounded = search.fromSummaries(searcher, text, filter, depth);
            if (bounded != null) { // cheap enough that a helper would only add its wake-up
                tasks.add(() -> {
                    done.accept(bounded);
                    return List.of();
                });
                return;
            }
        }
        PartitionedSearch parts = split ? search.partitioned(searcher, text, filter, depth, LEXICAL_PARTS) : null;
        if (parts == null) {
            tasks.add(() -> {
                done.accept(lexicalDocs(searcher, text, filter, fused, depth));
                return List.of();
            });
            return;
        }
        AtomicInteger pending = new AtomicInteger(parts.parts());
        for (int p = 0; p < parts.parts(); p++) {
            int part = p;
            tasks.add(() -> {
                try {
                    parts.run(part);
                    if (pending.decrementAndGet() == 0) { // the counter publishes every part's collector
                        done.accept(parts.merged());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return List.of();
            });
        }
    }

    /**
     * Returns how many documents a BM25 list keeps for an answer of {@code limit} agents: only the
     * first agents count, even in a fused list, and a shallow list lets WAND's threshold rise sooner.
     */
    private static int lexicalDepth(int limit) {
        return Math.max(20, limit * LEXICAL_DEPTH_PER_ANSWER);
    }

    /** The documents of one text's BM25 search, best first; see {@link #lexicalTasks}. */
    private TopDocs lexicalDocs(IndexSearcher searcher, Text text, @Nullable Query filter, boolean fused, int depth) {
        try {
            return (fused ? fusedLexical : lexical).search(searcher, text, filter, depth);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Hit> grouped(IndexSearcher searcher, TopDocs top) {
        try {
            return AgentGrouping.byAgent(searcher, top);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The whole intent's BM25 list of a multi-need intent, ranked among the documents its
     * clauses found: an agent that answers the whole intent well answers one of its needs well.
     */
    private List<Hit> wholeAmong(IndexSearcher searcher, Text whole, ScoreDoc[][] clauseDocs, boolean fused, int limit) throws IOException {
        java.util.LinkedHashMap<Integer, ScoreDoc> union = new java.util.LinkedHashMap<>();
        for (ScoreDoc[] docs : clauseDocs) {
            if (docs != null) {
                for (ScoreDoc d : docs) {
                    union.putIfAbsent(d.doc, d);
                }
            }
        }
        return AgentGrouping.byAgent(searcher,
                (fused ? fusedLexical : lexical).searchAmong(searcher, whole, union.values().toArray(ScoreDoc[]::new), lexicalDepth(limit)));
    }

    /**
     * Adds to {@code tasks} the embedding of each text of one intent, each followed by its
     * vector search; returns the whole intent's vector search when it is derived from its
     * clauses', or null when the whole intent has a task of its own (the first).
     *
     * <p>With an {@linkplain Embedder#additive() additive} model, an intent of several needs
     * embeds only its clauses: the whole intent's vector is their normalized sum (MiniLM's
     * vector is a mean over the tokens, so the sum points where the whole text's does, less the
     * context across the clause break). That drops the longest model run, the largest single
     * cost of such a search; the labelled sets rank about the same ({@code benchmarks/README.md},
     * PERF-1). Whichever thread embeds the last clause runs the whole intent's search, so no
     * task waits for another.
     */
    private @Nullable CompletableFuture<List<Hit>> vectorSearches(List<Text> texts, IndexSearcher searcher, @Nullable Query filter, int depth,
            List<Supplier<List<Hit>>> tasks) {
        Embedder model = java.util.Objects.requireNonNull(embedder, "embedder");
        IndexReader reader = searcher.getIndexReader();
        String whole = embeddingText(texts.get(0), reader);
        if (texts.size() == 1 || !model.additive() || whole == null || !whole.equals(texts.get(0).english())) {
            for (Text text : texts) {
                String basis = text == texts.get(0) ? whole : embeddingText(text, reader);
                tasks.add(() -> vector(searcher, basis == null ? null : model.embed(basis), filter, depth));
            }
            return null;
        }
        List<Text> clauses = texts.subList(1, texts.size());
        float[][] clauseVectors = new float[clauses.size()][];
        AtomicInteger pending = new AtomicInteger(clauses.size());
        CompletableFuture<List<Hit>> derived = new CompletableFuture<>();
        for (int i = 0; i < clauses.size(); i++) {
            int clause = i;
            String basis = clauses.get(i).english();
            tasks.add(() -> {
                float[] v;
                try {
                    v = model.embed(basis);
                    clauseVectors[clause] = v;
                    if (pending.decrementAndGet() == 0) { // the counter publishes every clause's vector
                        derived.complete(vector(searcher, sum(clauseVectors), filter, depth));
                    }
                } catch (RuntimeException e) {
                    derived.completeExceptionally(e);
                    throw e;
                }
                return vector(searcher, v, filter, depth);
            });
        }
        return derived;
    }

    /** Returns the normalized sum of unit vectors. */
    static float[] sum(float[][] vectors) {
        float[] total = new float[vectors[0].length];
        for (float[] v : vectors) {
            for (int j = 0; j < total.length; j++) {
                total[j] += v[j];
            }
        }
        return MiniLmEmbedder.normalized(total);
    }

    /** Returns the text to embed, or null when its vector would only add noise. */
    private static @Nullable String embeddingText(Text text, IndexReader reader) {
        String basis = text.english();
        if (text.chinese() != null && IntentText.contentWords(basis) == 0) {
            // Nothing of a Chinese intent is in the glossary: its own characters can still meet agents
            // described in Chinese, but against English texts its vector would rank at random.
            try {
                return reader.getDocCount(AgentDocuments.CHINESE) == 0 ? null : text.chinese();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return basis;
    }

    /** Runs one vector search, grouped to agents; throws {@link java.io.UncheckedIOException} so it can run on the helper. */
    private List<Hit> vector(IndexSearcher searcher, float @Nullable [] v, @Nullable Query filter, int depth) {
        if (v == null) {
            return List.of();
        }
        try {
            // Lucene scores dot-product neighbours (1 + cos) / 2: already 0-1.
            TopDocs near = searcher.search(new KnnFloatVectorQuery(AgentDocuments.VECTOR, v, depth, filter), depth);
            return AgentGrouping.byAgent(searcher, quantizedVectors ? VectorRescore.exact(searcher, near, v) : near);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
