package dev.acf.ans.resolve;

import dev.acf.api.resolve.Embedder;
import dev.langchain4j.data.segment.TextSegment;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private volatile @Nullable Onnx onnx;

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
        onnx();
        return this;
    }

    private Onnx onnx() {
        Onnx o = onnx;
        if (o == null) {
            o = Onnx.INSTANCE;
            onnx = o;
        }
        return o;
    }

    /**
     * The model, loaded once per JVM on first use. ONNX Runtime runs each embedding on the
     * calling thread alone and does not spin waiting for work: background indexing then takes
     * one core, not every core, from registrations, and a short query text gains nothing from
     * more threads.
     */
    private static final class Onnx {
        static final Onnx INSTANCE = load();
        /**
         * The most tokens one model run takes (its 512 positions); a longer text is embedded in
         * parts by the library's encoder, whose parts and weighting index texts already get.
         */
        private static final int MAX_TOKENS = 512;

        /** The library's encoder: index texts, and query texts too long for one run. */
        final EmbeddingModel model;
        private final OrtEnvironment environment;
        private final OrtSession session;
        private final HuggingFaceTokenizer tokenizer;
        private final boolean tokenTypes;

        private Onnx(EmbeddingModel model, OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer)
                throws OrtException {
            this.model = model;
            this.environment = environment;
            this.session = session;
            this.tokenizer = tokenizer;
            this.tokenTypes = session.getInputNames().contains("token_type_ids");
        }

        private static Onnx load() {
            try {
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                OrtSession session = environment.createSession(resource(MODEL_RESOURCE), options);
                byte[] tokenizerJson = resource(TOKENIZER_RESOURCE);
                HuggingFaceTokenizer tokenizer;
                OnnxBertBiEncoder encoder;
                try (InputStream forQueries = new ByteArrayInputStream(tokenizerJson);
                        InputStream forIndexing = new ByteArrayInputStream(tokenizerJson)) {
                    tokenizer = HuggingFaceTokenizer.newInstance(forQueries, Map.of("padding", "false"));
                    encoder = new OnnxBertBiEncoder(environment, session, forIndexing, PoolingMode.MEAN);
                }
                // Texts are embedded on the calling thread: whoever indexes decides how many threads embed.
                EmbeddingModel model = new AbstractInProcessEmbeddingModel(Runnable::run) {
                    @Override
                    protected OnnxBertBiEncoder model() {
                        return encoder;
                    }

                    @Override
                    protected Integer knownDimension() {
                        return DIMENSION;
                    }
                };
                return new Onnx(model, environment, session, tokenizer);
            } catch (OrtException | IOException e) {
                throw new IllegalStateException("cannot load the MiniLM embedding model: " + e.getMessage(), e);
            }
        }

        /**
         * Embeds a query text with one tokenization and one model run. The library's encoder
         * tokenizes each text three times (to split it, to rebuild it, to encode it), a fifth of
         * a short query's cost; for a text that fits one run it computes exactly this vector
         * (mean of the token states, normalized), which {@code MiniLmEmbedderTest} checks.
         */
        float[] embedQuery(String text) {
            Encoding encoding = tokenizer.encode(text, true, false);
            long[] ids = encoding.getIds();
            if (ids.length > MAX_TOKENS) {
                return model.embed(text).content().vector();
            }
            long[] shape = {1, ids.length};
            try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                    OnnxTensor mask = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getAttentionMask()), shape);
                    OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape)) {
                Map<String, OnnxTensor> inputs = tokenTypes
                        ? Map.of("input_ids", inputIds, "attention_mask", mask, "token_type_ids", types)
                        : Map.of("input_ids", inputIds, "attention_mask", mask);
                try (OrtSession.Result result = session.run(inputs)) {
                    float[][] states = ((float[][][]) result.get(0).getValue())[0];
                    return unitLength(mean(states));
                }
            } catch (OrtException e) {
                throw new IllegalStateException("cannot run the MiniLM embedding model: " + e.getMessage(), e);
            }
        }

        /** The mean of the token states, summed and divided in float as the library's encoder does. */
        private static float[] mean(float[][] states) {
            float[] sum = new float[states[0].length];
            for (float[] state : states) {
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += state[j];
                }
            }
            for (int j = 0; j < sum.length; j++) {
                sum[j] /= states.length;
            }
            return sum;
        }

        /** Normalizes with the library encoder's float arithmetic, so both paths give the same bits. */
        private static float[] unitLength(float[] v) {
            float squares = 0;
            for (float x : v) {
                squares += x * x;
            }
            float norm = (float) Math.sqrt(squares);
            float[] out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] / norm;
            }
            return out;
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

    /** True: MiniLM's vector is the mean of its token states. */
    @Override
    public boolean additive() {
        return true;
    }

    /** Embeds one text, from the cache when it was embedded recently; returns a fresh array. */
    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        return cache.get(text, t -> normalized(onnx().embedQuery(t))).clone();
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
        onnx().model.embedAll(segments).content().forEach(e -> out.add(normalized(e.vector())));
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
