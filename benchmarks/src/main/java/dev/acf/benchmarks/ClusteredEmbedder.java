package dev.acf.benchmarks;

import dev.acf.ans.resolve.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Embeds queries with the real MiniLM model but index texts from a few thousand real MiniLM
 * vectors of skill templates plus small noise: embedding 300,000+ texts on a laptop takes too
 * long, and uniform random vectors would make the vector search unrealistically easy or hard.
 * A text that is no template (an agent's own text) gets a template chosen by its hash; with no
 * templates at all, each distinct text is embedded by the real model the first time it is
 * seen, and its copies get that vector plus noise ({@link CatalogueCopies}). Reports the MiniLM model id, so an index it built is valid for MiniLM queries. Thread-safe
 * for queries; {@link #embedAll} is meant for one indexing thread.
 */
final class ClusteredEmbedder extends QueryModelEmbedder {
    /** Per-component noise; with 384 components, cosine to the template stays about 0.98. */
    private static final double NOISE = 0.01;

    private final Map<String, float[]> templates;
    private final List<float[]> byIndex;
    /** Whether each distinct text is embedded once by the model (no templates given). */
    private final boolean embedsEachText;
    private final Random noise = new Random(7);

    ClusteredEmbedder(MiniLmEmbedder model, Map<String, float[]> templates) {
        super(model);
        this.embedsEachText = templates.isEmpty();
        this.templates = embedsEachText ? new java.util.HashMap<>() : Map.copyOf(templates);
        this.byIndex = List.copyOf(templates.values());
    }

    /**
     * Embeds the corpus's template texts with the real model, one run per core, and clusters
     * index texts around them (or embeds each distinct text once when the corpus has none).
     */
    static ClusteredEmbedder of(Corpus corpus, MiniLmEmbedder model) {
        List<String> templateTexts = corpus.templateTexts();
        List<float[]> vectors = templateTexts.parallelStream().map(model::embed).toList();
        Map<String, float[]> byText = new java.util.HashMap<>();
        for (int i = 0; i < templateTexts.size(); i++) {
            byText.put(templateTexts.get(i), vectors.get(i));
        }
        return new ClusteredEmbedder(model, byText);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            float[] base = templates.get(text);
            if (base == null && embedsEachText) {
                base = model.embedAll(List.of(text)).get(0); // the index's own path, long texts in parts
                templates.put(text, base);
            } else if (base == null) {
                base = byIndex.get(Math.floorMod(text.hashCode(), byIndex.size()));
            }
            float[] v = new float[base.length];
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (base[i] + noise.nextGaussian() * NOISE);
                sum += v[i] * v[i];
            }
            float inv = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
            out.add(v);
        }
        return out;
    }
}
