package dev.acf.api.resolve;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a dense vector for semantic retrieval (ANS-RES-2). The embedded default
 * runs a small sentence-embedding model in-process on the CPU, with no network.
 *
 * <p>Thread-safe. Vectors of one embedder all have {@link #dimension()} components and are
 * L2-normalized, so a dot product is their cosine similarity.
 */
public interface Embedder {

    /** Returns an id of the model, stored beside an index so a model change forces a rebuild. */
    String modelId();

    /** Returns the number of components of every vector. */
    int dimension();

    /** Embeds one text. */
    float[] embed(String text);

    /**
     * Returns true when a text's vector is close to the normalized sum of the vectors of its
     * parts, as with a model that averages its token states (mean pooling): a search may then
     * embed only the clauses of an intent with several needs and sum them for the whole intent,
     * one model run fewer. False by default: the whole intent is embedded too.
     */
    default boolean additive() {
        return false;
    }

    /** Embeds several texts; implementations may batch for speed. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(embed(text));
        }
        return out;
    }
}
