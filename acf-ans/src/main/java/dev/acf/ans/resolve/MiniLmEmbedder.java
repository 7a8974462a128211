package dev.acf.ans.resolve;

import dev.acf.api.resolve.Embedder;
import dev.langchain4j.data.segment.TextSegment;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link Embedder}: the quantized all-MiniLM-L6-v2 sentence-embedding model,
 * shipped inside its Maven artifact and run in-process on ONNX Runtime, with no network.
 * Vectors have 384 components and are L2-normalized. Query texts go through a small LRU
 * cache, so a repeated intent costs a map lookup instead of a model run.
 *
 * <p>Thread-safe; each embedding runs on the calling thread only (ONNX Runtime with one intra-op
 * thread that does not spin), so indexing on one thread leaves the other cores to registrations.
 * The model is loaded on the first embedding, once per JVM (about a second),
 * so creating an embedder that is never used costs nothing; {@link #warmUp()} loads it ahead.
 *
 * <pre>{@code
 * Embedder embedder = new MiniLmEmbedder();
 * float[] v = embedder.embed("unstable broadband at home");
 * }</pre>
 */
public final class MiniLmEmbedder implements Embedder {
    /** The model id stored beside an index. */
    public static final String MODEL_ID = "all-minilm-l6-v2-q";
    /** The number of components of every vector. */
    public static final int DIMENSION = 384;
    /** The default number of cached query embeddings. */
    public static final int DEFAULT_CACHE_SIZE = 4096;
    private static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private final QueryCache<String, float[]> cache;
    private volatile @Nullable EmbeddingModel model;

    /** Creates an embedder with the default cache size; the model is loaded on first use. */
    public MiniLmEmbedder() {
        this(DEFAULT_CACHE_SIZE);
    }

    /**
     * Creates an embedder; the model is loaded on first use.
     *
     * @param cacheSize how many query embeddings to keep; 0 disables the cache
     */
    public MiniLmEmbedder(int cacheSize) {
        this.cache = new QueryCache<>(cacheSize);
    }

    /** Loads the model now instead of on the first embedding; returns this embedder. */
    public MiniLmEmbedder warmUp() {
        model();
        return this;
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            m = Onnx.MODEL;
            model = m;
        }
        return m;
    }

    /**
     * The model, loaded once per JVM on first use. ONNX Runtime runs each embedding on the
     * calling thread alone and does not spin waiting for work: background indexing then takes
     * one core, not every core, from registrations, and a short query text gains nothing from
     * more threads.
     */
    private static final class Onnx {
        static final EmbeddingModel MODEL = load();

        private static EmbeddingModel load() {
            try {
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                OrtSession session = environment.createSession(resource(MODEL_RESOURCE), options);
                try (InputStream tokenizer = new java.io.ByteArrayInputStream(resource(TOKENIZER_RESOURCE))) {
                    OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
                    // Texts are embedded on the calling thread: whoever indexes decides how many threads embed.
                    return new AbstractInProcessEmbeddingModel(Runnable::run) {
                        @Override
                        protected OnnxBertBiEncoder model() {
                            return encoder;
                        }

                        @Override
                        protected Integer knownDimension() {
                            return DIMENSION;
                        }
                    };
                }
            } catch (OrtException | IOException e) {
                throw new IllegalStateException("cannot load the MiniLM embedding model: " + e.getMessage(), e);
            }
        }

        private static byte[] resource(String name) throws IOException {
            // The model and tokenizer ship inside the langchain4j MiniLM artifact.
            try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException(name + " is missing from the classpath");
                }
                return in.readAllBytes();
            }
        }
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    /** Embeds one text, from the cache when it was embedded recently; returns a fresh array. */
    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        return cache.get(text, t -> normalized(model().embed(t).content().vector())).clone();
    }

    /**
     * Embeds texts one after the other on the calling thread, bypassing the query cache
     * (index-time texts are seldom repeated); callers that want parallelism call from several threads.
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        texts.forEach(t -> segments.add(TextSegment.from(t)));
        List<float[]> out = new ArrayList<>(texts.size());
        model().embedAll(segments).content().forEach(e -> out.add(normalized(e.vector())));
        return out;
    }

    /** Forgets the cached query embeddings (for benchmarks that must measure the model). */
    public void clearCache() {
        cache.clear();
    }

    static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum == 0) {
            return v;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
