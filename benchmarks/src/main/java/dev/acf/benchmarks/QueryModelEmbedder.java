package dev.acf.benchmarks;

import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.api.resolve.Embedder;

/**
 * An embedder whose queries go through the real MiniLM model and whose index texts a
 * subclass embeds its own way; it reports the model's id so a saved index stays valid.
 */
abstract class QueryModelEmbedder implements Embedder {
    /** The real model, for query embeddings. */
    final MiniLmEmbedder model;

    QueryModelEmbedder(MiniLmEmbedder model) {
        this.model = model;
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public boolean additive() {
        return model.additive();
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text);
    }
}
