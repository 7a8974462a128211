package dev.acf.ans.security;

import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.api.security.ContentInspector;
import dev.acf.api.security.ContentInspectorProvider;
import dev.acf.api.spi.ProviderConfig;

/**
 * Creates the built-in {@link InjectionDetector} (name {@value #NAME}) with the in-process MiniLM
 * embedder. Settings: {@value #BLOCK_THRESHOLD}, {@value #FLAG_THRESHOLD}, {@value #SIMILARITY_WEIGHT}
 * (numbers) and {@value #EMBEDDINGS} ({@code false} for rules only).
 */
public final class InjectionDetectorProvider implements ContentInspectorProvider {
    /** The provider name. */
    public static final String NAME = "injection";
    /** The block threshold setting. */
    public static final String BLOCK_THRESHOLD = "injection.block-threshold";
    /** The flag threshold setting. */
    public static final String FLAG_THRESHOLD = "injection.flag-threshold";
    /** The similarity weight setting. */
    public static final String SIMILARITY_WEIGHT = "injection.similarity-weight";
    /** Whether the similarity check runs ({@code true} by default). */
    public static final String EMBEDDINGS = "injection.embeddings";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public ContentInspector create(ProviderConfig config) {
        InjectionDetector.Builder b = InjectionDetector.builder();
        config.get(BLOCK_THRESHOLD).ifPresent(v -> b.blockThreshold(Double.parseDouble(v)));
        config.get(FLAG_THRESHOLD).ifPresent(v -> b.flagThreshold(Double.parseDouble(v)));
        config.get(SIMILARITY_WEIGHT).ifPresent(v -> b.similarityWeight(Double.parseDouble(v)));
        if (!config.get(EMBEDDINGS).map(v -> v.equalsIgnoreCase("false")).orElse(false)) {
            b.embedder(new MiniLmEmbedder());
        }
        return b.build();
    }
}
