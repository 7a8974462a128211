package dev.acf.ans.resolve;

import dev.acf.api.resolve.Embedder;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
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
 * <p>Thread-safe. The model is loaded on the first embedding, once per JVM (about a second),
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
            // The ONNX model itself is a static of the langchain4j class: loaded once per JVM.
            m = new AllMiniLmL6V2QuantizedEmbeddingModel();
            model = m;
        }
        return m;
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

    /** Embeds texts in parallel batches, bypassing the query cache (index-time texts are seldom repeated). */
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
