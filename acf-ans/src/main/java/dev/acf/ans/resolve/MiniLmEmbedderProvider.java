package dev.acf.ans.resolve;

import dev.acf.api.resolve.Embedder;
import dev.acf.api.resolve.EmbedderProvider;
import dev.acf.api.spi.ProviderConfig;

/**
 * Provides {@link MiniLmEmbedder} under the name {@code minilm}, the default embedder
 * (priority 100). Setting {@code cacheSize} sets the query-embedding cache size.
 */
public final class MiniLmEmbedderProvider implements EmbedderProvider {
    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public MiniLmEmbedderProvider() {}

    @Override
    public String name() {
        return "minilm";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Embedder create(ProviderConfig config) {
        return new MiniLmEmbedder(config.intValue("cacheSize", MiniLmEmbedder.DEFAULT_CACHE_SIZE));
    }
}
