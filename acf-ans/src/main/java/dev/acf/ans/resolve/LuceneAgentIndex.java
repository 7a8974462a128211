package dev.acf.ans.resolve;

import dev.acf.ans.resolve.RankFusion.Hit;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentIndex;
import dev.acf.api.resolve.Embedder;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link AgentIndex}: a Lucene index with one document per skill (and one per
 * agent), searched lexically (BM25 with telecom synonyms, typo correction, SmartCN and a
 * Chinese-English glossary) and by skill vectors, fused, with every filter applied inside
 * Lucene (ANS-RES-2), and intents with several needs answered by the set of agents that
 * covers them (ANS-RES-3).
 *
 * <p>Derived data: opened over a directory it survives restarts, but the registry store stays
 * the source of truth; an index built with another embedding model is emptied on open (see
 * {@link #size()}) so the owner rebuilds it. Changes are visible to the next search at once
 * (which refreshes the snapshot it reads, so many changes between searches cost one refresh);
 * they reach the disk on {@link #commit()} and {@link #close()}. Answers are cached per
 * snapshot, so a repeated intent costs a lookup until the index changes.
 *
 * <p>Thread-safe: searches run concurrently with updates and see a consistent snapshot.
 *
 * <pre>{@code
 * try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(dataDir.resolve("index")).build()) {
 *     index.upsertAll(store.listActive());
 *     List<ResolveResult> found = index.search(ResolveQuery.of("unstable broadband at home", 5));
 * }
 * }</pre>
 */
public final class LuceneAgentIndex implements AgentIndex {
    /** The default number of documents a lexical search re-ranks with the per-field query: none. */
    public static final int DEFAULT_LEXICAL_CANDIDATES = LexicalSearch.DEFAULT_CANDIDATES;
    /**
     * The default number of documents the BM25 list of a hybrid search re-ranks with the
     * per-field query (or its length, when longer): the hybrid mode is the one that answers by
     * default, so it keeps the per-field ranking's better quality (recall@3 and MRR on the
     * labelled sets). Re-ranking the list's own 20-40 documents ranks those sets as re-ranking
     * 100 did, at a fraction of the cost.
     */
    public static final int DEFAULT_HYBRID_LEXICAL_CANDIDATES = 20;
    /**
     * Whether vectors are kept also in 7 bits by default: the graph is built and searched with a
     * quarter of the bytes, the neighbours found are scored with the float vectors, and the
     * labelled sets rank the same in vector and hybrid mode.
     */
    public static final boolean DEFAULT_QUANTIZED_VECTORS = true;
    /** The default memory for the word summaries of lexical searches over a large index ({@link Builder#wordSummaryBytes}). */
    public static final long DEFAULT_WORD_SUMMARY_BYTES = WordSummaries.DEFAULT_BUDGET_BYTES;
    /** {@link Builder#lexicalCandidates} that ranks every match with the per-field query alone (slow; a reference). */
    public static final int ALL_LEXICAL_CANDIDATES = LexicalSearch.EXACT;
    /** The default number of answers kept per index snapshot for repeated intents. */
    public static final int DEFAULT_ANSWER_CACHE_SIZE = 256;
    private static final Logger LOG = LoggerFactory.getLogger(LuceneAgentIndex.class);
    private static final String MODEL_KEY = "acf.embedder.model";
    private static final String NO_MODEL = "none";
    /** The default indexing buffer: bulk loads make few, large segments. */
    public static final double DEFAULT_RAM_BUFFER_MB = 128;
    /** Neighbours per node of the vector graph (Lucene's default). */
    private static final int MAX_CONN = 16;
    /** Candidates kept while linking a new node into the vector graph (Lucene's default). */
    private static final int BEAM_WIDTH = 100;

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final TelecomAnalysis analysis;
    private final HybridSearch search;
    private final @Nullable Embedder embedder;
    private final SearchOptions defaults;
    private final Map<String, AgentRecord> records = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    /** Counts the changes made to the writer; searches refresh when it moved since their snapshot. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong refreshed = new AtomicLong();
    private final AnswerCache answers;
    private final java.util.function.Function<AgentName, java.util.Set<String>> verifiedSkills;
    private volatile boolean closed;

    private LuceneAgentIndex(Builder b) throws IOException {
        this.embedder = b.lexicalOnly ? null : b.embedder != null ? b.embedder : new MiniLmEmbedder();
        this.defaults = b.defaults;
        this.verifiedSkills = b.verifiedSkills;
        this.answers = new AnswerCache(b.answerCacheSize);
        try (Reader synonyms = open(b.synonyms, "telecom-synonyms.txt"); Reader glossary = open(b.glossary, "telecom-glossary-zh-en.tsv")) {
            this.analysis = new TelecomAnalysis(synonyms, b.synonyms == null ? "telecom-synonyms.txt" : b.synonyms.toString());
            this.search = new HybridSearch(analysis, ChineseGlossary.read(glossary, b.glossary == null ? "telecom-glossary-zh-en.tsv" : b.glossary.toString()), embedder,
                    b.lexicalCandidates, b.hybridLexicalCandidates, b.quantizedVectors, new WordSummaries(b.wordSummaryBytes, WordSummaries.DEFAULT_FROM_DOCUMENTS));
        }
        this.directory = b.directory == null ? new ByteBuffersDirectory() : FSDirectory.open(b.directory);
        IndexWriterConfig config = new IndexWriterConfig(analysis.indexAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(b.ramBufferMb)
                .setCodec(codec(b.quantizedVectors));
        this.writer = new IndexWriter(directory, config);
        // The layout, the synonyms (indexed as concepts) and the glossary (Chinese agent texts are
        // indexed in English through it) are part of the recorded model: an index of an older
        // layout, other synonyms or another glossary is rebuilt like one of another model.
        String model = (embedder == null ? NO_MODEL : embedder.modelId() + "/" + embedder.dimension() + (b.quantizedVectors ? "/int7" : ""))
                + "/layout" + AgentDocuments.LAYOUT + "/synonyms-" + analysis.synonymsFingerprint()
                + "/glossary-" + search.glossary().fingerprint();
        Map<String, String> data = liveCommitData();
        String stored = data.get(MODEL_KEY);
        if (stored != null && !stored.equals(model)) {
            LOG.warn("Index at {} was built with embedding model {}, now {}: emptied, rebuild it from the registry store",
                    b.directory, stored, model);
            writer.deleteAll();
            data.clear(); // what the owner recorded (its change feed position) described the old contents
        }
        data.put(MODEL_KEY, model);
        writer.setLiveCommitData(Map.copyOf(data).entrySet());
        this.searchers = new SearcherManager(writer, null);
        loadRecords();
    }

    /**
     * Returns the codec: Lucene's, with the vector graph over 7-bit quantized vectors when
     * asked (a quarter of the bytes to compare in each graph step). One merge worker: with
     * Lucene's intra-merge threads, small incremental updates stalled behind merges.
     */
    private static Codec codec(boolean quantized) {
        KnnVectorsFormat vectors = quantized
                ? new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SEVEN_BIT, MAX_CONN, BEAM_WIDTH, 1, null)
                : new Lucene99HnswVectorsFormat(MAX_CONN, BEAM_WIDTH, 1, null);
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectors;
            }
        };
    }

    /** Returns a builder; the defaults give an in-memory index with the MiniLM embedder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void upsert(AgentRecord record) {
        upsertAll(List.of(Objects.requireNonNull(record, "record")));
    }

    /**
     * Adds or replaces several records, embedding all their skills in one batch; faster than
     * one {@link #upsert} each when building the index.
     */
    public void upsertAll(Collection<AgentRecord> batch) {
        Objects.requireNonNull(batch, "batch");
        List<AgentRecord> list = List.copyOf(batch);
        List<String> texts = new ArrayList<>();
        list.forEach(r -> texts.addAll(AgentDocuments.embeddingTexts(r, search.glossary())));
        List<float[]> vectors = embedder == null ? List.of() : embedder.embedAll(texts);
        int at = 0;
        synchronized (writeLock) {
            ensureOpen();
            try {
                for (AgentRecord r : list) {
                    int n = r.capabilities().size() + 1;
                    List<float[]> own = vectors.isEmpty() ? List.of() : vectors.subList(at, at + n);
                    at += n;
                    writer.updateDocuments(new Term(AgentDocuments.KEY, AgentDocuments.key(r)),
                            AgentDocuments.documents(r, own, search.glossary(), verifiedSkills.apply(r.name())));
                    records.put(AgentDocuments.key(r), r);
                }
                changes.incrementAndGet();
            } catch (IOException e) {
                throw failure("cannot index agents", e);
            }
        }
    }

    /**
     * Indexes the record of this versioned name again, as it is indexed now, so that a change of
     * its verified skills (ANS-MON-3) reaches the {@code verifiedOnly} filter. Nothing happens
     * when the name is not indexed, or when a newer record replaced it meanwhile.
     */
    public void reindex(AgentName name) {
        AgentRecord record;
        // Under the lock: a record being indexed right now is either seen here, or indexed after with the new answer.
        synchronized (writeLock) {
            record = records.get(name.toString());
        }
        if (record == null) {
            return;
        }
        List<float[]> vectors = embedder == null ? List.of() : embedder.embedAll(AgentDocuments.embeddingTexts(record, search.glossary()));
        synchronized (writeLock) {
            ensureOpen();
            if (records.get(name.toString()) != record) {
                return; // replaced by the follower, with the verified skills of then
            }
            try {
                writer.updateDocuments(new Term(AgentDocuments.KEY, AgentDocuments.key(record)),
                        AgentDocuments.documents(record, vectors, search.glossary(), verifiedSkills.apply(record.name())));
                changes.incrementAndGet();
            } catch (IOException e) {
                throw failure("cannot index " + name, e);
            }
        }
    }

    /** Removes the record with this versioned name; a name without version removes every version. */
    @Override
    public void remove(AgentName name) {
        removeAll(List.of(Objects.requireNonNull(name, "name")));
    }

    /** Removes several records as {@link #remove} does, making the result visible once. */
    public void removeAll(Collection<AgentName> names) {
        Objects.requireNonNull(names, "names");
        synchronized (writeLock) {
            ensureOpen();
            try {
                for (AgentName name : names) {
                    List<String> keys = name.hasVersion() ? List.of(name.toString())
                            : records.values().stream().filter(r -> r.name().withoutVersion().equals(name)).map(AgentDocuments::key).toList();
                    for (String key : keys) {
                        writer.deleteDocuments(new Term(AgentDocuments.KEY, key));
                        records.remove(key);
                    }
                }
                changes.incrementAndGet();
            } catch (IOException e) {
                throw failure("cannot remove " + names, e);
            }
        }
    }

    /** Searches with the {@linkplain Builder#defaults default options}. */
    @Override
    public List<ResolveResult> search(ResolveQuery query) {
        return search(query, defaults);
    }

    /**
     * Returns the agents that match the intent, best first, at most {@code query.limit()};
     * each with a score in 0-1 and its best-matching skill.
     */
    public List<ResolveResult> search(ResolveQuery query, SearchOptions options) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        try {
            refreshIfChanged();
            IndexSearcher searcher = searchers.acquire();
            try {
                List<ResolveResult> out = new ArrayList<>(query.limit());
                for (Hit hit : answers.get(searcher, query, options, q -> hits(searcher, q))) {
                    AgentRecord record = records.get(hit.key());
                    if (record != null) {
                        out.add(new ResolveResult(record.name(), hit.score(), hit.skill(), record));
                        if (out.size() == query.limit()) {
                            break;
                        }
                    }
                }
                return out;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw failure("cannot search the agent index", e);
        } catch (UncheckedIOException e) {
            throw failure("cannot search the agent index", e.getCause());
        }
    }

    /**
     * Searches this index and {@code other} as one (ANS-SYNC-3): BM25 statistics, vector
     * neighbours and score fusion run over the union of both, so a peer domain's agents and this
     * domain's are ranked against each other on one scale (two answers each normalized to its own
     * best would not compare). Both indexes must use the same embedder. Not cached.
     */
    public List<ResolveResult> searchTogether(LuceneAgentIndex other, ResolveQuery query, SearchOptions options) {
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(query, "query");
        ensureOpen();
        other.ensureOpen();
        try {
            refreshIfChanged();
            other.refreshIfChanged();
            IndexSearcher mine = searchers.acquire();
            IndexSearcher theirs = other.searchers.acquire();
            try (org.apache.lucene.index.MultiReader both = new org.apache.lucene.index.MultiReader(
                    new org.apache.lucene.index.IndexReader[] {mine.getIndexReader(), theirs.getIndexReader()}, false)) {
                List<ResolveResult> out = new ArrayList<>(query.limit());
                for (Hit hit : search.search(new IndexSearcher(both), query, options)) {
                    AgentRecord record = records.get(hit.key());
                    if (record == null) {
                        record = other.records.get(hit.key());
                    }
                    if (record != null) {
                        out.add(new ResolveResult(record.name(), hit.score(), hit.skill(), record));
                        if (out.size() == query.limit()) {
                            break;
                        }
                    }
                }
                return out;
            } finally {
                other.searchers.release(theirs);
                searchers.release(mine);
            }
        } catch (IOException e) {
            throw failure("cannot search the agent indexes", e);
        } catch (UncheckedIOException e) {
            throw failure("cannot search the agent indexes", e.getCause());
        }
    }

    /**
     * Makes every change so far visible to searches. Changes are applied lazily, by the first
     * search after them, so a bulk load refreshes (and flushes a segment) once, not per batch.
     */
    private void refreshIfChanged() throws IOException {
        long seen = changes.get();
        if (refreshed.get() != seen) {
            searchers.maybeRefreshBlocking();
            refreshed.accumulateAndGet(seen, Math::max);
        }
    }

    private List<Hit> hits(IndexSearcher searcher, AnswerCache.Question question) {
        try {
            return List.copyOf(search.search(searcher, question.query(), question.options()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a snapshot of the indexed records, in no particular order. */
    public List<AgentRecord> records() {
        return List.copyOf(records.values());
    }

    @Override
    public long size() {
        return records.size();
    }

    /**
     * Returns how many segments the current snapshot has: each costs every search its own term
     * look-ups and graph search, so a bulk-built index is best {@linkplain #forceMerge() merged}.
     */
    public int segments() {
        ensureOpen();
        try {
            refreshIfChanged();
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().leaves().size();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw failure("cannot read the agent index", e);
        }
    }

    /** Returns the embedder, or {@code null} for a lexical-only index. */
    public @Nullable Embedder embedder() {
        return embedder;
    }

    /** Makes every change so far durable on disk (a no-op cost for an in-memory index). */
    public void commit() {
        commit(Map.of());
    }

    /**
     * Makes every change so far durable together with entries of the owner's own, such as the
     * position in the registry store's change feed that the index reflects: both reach the disk
     * in one atomic Lucene commit, and {@link #commitData()} returns them after a restart.
     *
     * @param userData entries to record; they replace earlier values of the same keys; keys
     *     starting with {@code acf.embedder.} are reserved
     */
    public void commit(Map<String, String> userData) {
        Objects.requireNonNull(userData, "userData");
        userData.keySet().forEach(k -> {
            if (k.startsWith("acf.embedder.")) {
                throw new IllegalArgumentException("commit data key " + k + " is reserved");
            }
        });
        synchronized (writeLock) {
            ensureOpen();
            try {
                if (!userData.isEmpty()) {
                    Map<String, String> data = liveCommitData();
                    data.putAll(userData);
                    writer.setLiveCommitData(Map.copyOf(data).entrySet());
                }
                writer.commit();
            } catch (IOException e) {
                throw failure("cannot commit the agent index", e);
            }
        }
    }

    /**
     * Returns the entries recorded with {@link #commit(Map)} (and those pending for the next
     * commit); empty of them for a new index or one emptied because the model changed.
     */
    public Map<String, String> commitData() {
        synchronized (writeLock) {
            Map<String, String> data = liveCommitData();
            data.remove(MODEL_KEY);
            return Map.copyOf(data);
        }
    }

    /**
     * Merges the index into a single segment and waits for it; for after a bulk build. Every
     * segment costs each search its own term look-ups and its own graph search, so a freshly
     * built index of many segments searches several times slower than a merged one. Costly
     * (the vector graph is largely rebuilt: minutes for 100,000 agents); searches and updates
     * go on meanwhile, and the merged index is visible to the next search.
     */
    public void forceMerge() {
        ensureOpen();
        try {
            writer.forceMerge(1);
            changes.incrementAndGet();
        } catch (IOException e) {
            throw failure("cannot merge the agent index", e);
        }
    }

    /** Removes every record (to rebuild from the registry store); visible to the next search at once. */
    public void clear() {
        synchronized (writeLock) {
            ensureOpen();
            try {
                writer.deleteAll();
                records.clear();
                changes.incrementAndGet();
            } catch (IOException e) {
                throw failure("cannot clear the agent index", e);
            }
        }
    }

    /** Commits and releases the files; idempotent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            search.close(); // no word summary is built from here on
            try (directory; writer; searchers; analysis) {
                writer.commit();
            } catch (IOException e) {
                throw failure("cannot close the agent index", e);
            }
        }
    }

    private void loadRecords() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            StoredFields stored = searcher.storedFields();
            TermQuery agents = new TermQuery(new Term(AgentDocuments.KIND, AgentDocuments.KIND_AGENT));
            for (ScoreDoc sd : searcher.search(agents, Math.max(1, searcher.getIndexReader().maxDoc())).scoreDocs) {
                Document doc = stored.document(sd.doc);
                AgentRecord record = AcfJson.read(doc.getBinaryValue(AgentDocuments.RECORD).bytes, AgentRecord.class);
                records.put(AgentDocuments.key(record), record);
            }
        } finally {
            searchers.release(searcher);
        }
    }

    private Map<String, String> liveCommitData() {
        Map<String, String> data = new java.util.HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    private static Reader open(@Nullable Path file, String resource) throws IOException {
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigurationException("cannot read " + file);
            }
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        var in = LuceneAgentIndex.class.getResourceAsStream(resource);
        if (in == null) {
            throw new ConfigurationException("resource " + resource + " is missing from the acf-ans jar");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the agent index is closed");
        }
    }

    private static UnavailableException failure(String what, IOException e) {
        return new UnavailableException(ErrorCode.UNAVAILABLE, what + ": " + e.getMessage(), e);
    }

    /** Configures a {@link LuceneAgentIndex}; not thread-safe. */
    public static final class Builder {
        private @Nullable Path directory;
        private @Nullable Embedder embedder;
        private boolean lexicalOnly;
        private @Nullable Path synonyms;
        private @Nullable Path glossary;
        private SearchOptions defaults = SearchOptions.defaults();
        private int answerCacheSize = DEFAULT_ANSWER_CACHE_SIZE;
        private int lexicalCandidates = DEFAULT_LEXICAL_CANDIDATES;
        private int hybridLexicalCandidates = DEFAULT_HYBRID_LEXICAL_CANDIDATES;
        private long wordSummaryBytes = DEFAULT_WORD_SUMMARY_BYTES;
        private double ramBufferMb = DEFAULT_RAM_BUFFER_MB;
        private boolean quantizedVectors = DEFAULT_QUANTIZED_VECTORS;
        private java.util.function.Function<AgentName, java.util.Set<String>> verifiedSkills = name -> java.util.Set.of();

        private Builder() {}

        /**
         * Tells the index which skills of an agent ANS verified (ANS-MON-3), read whenever a record
         * is indexed; default: none. Call {@link LuceneAgentIndex#reindex} when the answer changes.
         */
        public Builder verifiedSkills(java.util.function.Function<AgentName, java.util.Set<String>> value) {
            this.verifiedSkills = Objects.requireNonNull(value, "verifiedSkills");
            return this;
        }

        /** Keeps the index in this directory (created when missing); default: in memory. */
        public Builder directory(@Nullable Path value) { this.directory = value; return this; }
        /** Uses this embedder; default: a new {@link MiniLmEmbedder}. */
        public Builder embedder(Embedder value) { this.embedder = Objects.requireNonNull(value, "embedder"); return this; }
        /** Indexes no vectors and searches lexically only (no model is loaded). */
        public Builder lexicalOnly() { this.lexicalOnly = true; return this; }
        /**
         * Reads synonyms (Solr format) from this file instead of the built-in telecom list. They
         * are indexed with the text: an index built with other synonyms is emptied on open and
         * rebuilt like one of another embedding model.
         */
        public Builder synonyms(Path value) { this.synonyms = Objects.requireNonNull(value, "synonyms"); return this; }
        /** Reads the Chinese-English glossary from this file instead of the built-in one. */
        public Builder glossary(Path value) { this.glossary = Objects.requireNonNull(value, "glossary"); return this; }
        /**
         * Sets how many answers are kept for repeated intents until the index changes;
         * default {@value LuceneAgentIndex#DEFAULT_ANSWER_CACHE_SIZE}, 0 disables the cache.
         */
        public Builder answerCacheSize(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("answerCacheSize must not be negative, was " + value);
            }
            this.answerCacheSize = value;
            return this;
        }
        /**
         * Sets how many of the best documents of a lexical search (BM25 over one combined field)
         * are re-ranked by the per-field query, where each word counts in its best field (name,
         * description, tags or examples); default {@value LuceneAgentIndex#DEFAULT_LEXICAL_CANDIDATES},
         * the combined field's ranking alone, which ranked the labelled sets as well at a fraction
         * of the cost. {@link LuceneAgentIndex#ALL_LEXICAL_CANDIDATES} ranks every match with the
         * per-field query alone (slowest).
         */
        public Builder lexicalCandidates(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("lexicalCandidates must not be negative, was " + value);
            }
            this.lexicalCandidates = value;
            return this;
        }
        /**
         * Sets the same as {@link #lexicalCandidates} for the BM25 list of a hybrid search;
         * default {@value LuceneAgentIndex#DEFAULT_HYBRID_LEXICAL_CANDIDATES}.
         */
        public Builder hybridLexicalCandidates(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("hybridLexicalCandidates must not be negative, was " + value);
            }
            this.hybridLexicalCandidates = value;
            return this;
        }
        /**
         * Sets the memory for the summaries of common query words that let a lexical search over
         * a large index (from 50,000 documents) skip most of their posting lists, with the same
         * answers; default {@value LuceneAgentIndex#DEFAULT_WORD_SUMMARY_BYTES} bytes (the words
         * of a few hundred intents over 100,000 agents: about a byte per document and word, plus
         * bit sets). Built in the background for the current snapshot; 0 turns them off.
         */
        public Builder wordSummaryBytes(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("wordSummaryBytes must not be negative, was " + value);
            }
            this.wordSummaryBytes = value;
            return this;
        }
        /**
         * Sets how much memory indexing buffers before writing a segment; default
         * {@value LuceneAgentIndex#DEFAULT_RAM_BUFFER_MB} MB. A bulk build with more makes fewer,
         * larger segments and so fewer merges (each merge rebuilds part of the vector graph).
         */
        public Builder ramBufferMb(double value) {
            if (!(value >= 16)) {
                throw new IllegalArgumentException("ramBufferMb must be at least 16, was " + value);
            }
            this.ramBufferMb = value;
            return this;
        }
        /**
         * Keeps the vectors also quantized to 7 bits and searches the graph with those: about
         * half the graph construction time and faster vector searches; the neighbours found are
         * scored again with the float vectors, though the graph may find slightly different
         * ones. The index is derived data: one built the other way is emptied on open and
         * rebuilt from the registry store, like one of another model. Default
         * {@value LuceneAgentIndex#DEFAULT_QUANTIZED_VECTORS}.
         */
        public Builder quantizedVectors(boolean value) { this.quantizedVectors = value; return this; }
        /** Sets the options of {@link LuceneAgentIndex#search(ResolveQuery)}. */
        public Builder defaults(SearchOptions value) { this.defaults = Objects.requireNonNull(value, "defaults"); return this; }

        /**
         * Opens the index.
         *
         * @throws UnavailableException when the directory cannot be opened (locked by another index, unreadable)
         */
        public LuceneAgentIndex build() {
            try {
                if (directory != null) {
                    Files.createDirectories(directory);
                }
                return new LuceneAgentIndex(this);
            } catch (IOException e) {
                throw failure("cannot open the agent index at " + directory, e);
            } catch (UncheckedIOException e) {
                throw failure("cannot open the agent index at " + directory, e.getCause());
            }
        }
    }
}
