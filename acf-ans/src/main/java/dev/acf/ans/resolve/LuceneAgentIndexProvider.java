package dev.acf.ans.resolve;

import dev.acf.api.resolve.AgentIndex;
import dev.acf.api.resolve.AgentIndexProvider;
import dev.acf.api.resolve.Embedder;
import dev.acf.api.resolve.EmbedderProvider;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;

/**
 * Provides {@link LuceneAgentIndex} under the name {@code lucene}, the default agent index.
 * Settings: {@code dataDirectory} (the index lives in its {@code resolve-index} sub-directory;
 * in memory when unset), {@code embedder} (an {@link EmbedderProvider} name, default the
 * highest priority found; {@code none} for a lexical-only index), {@code synonyms} and
 * {@code glossary} (files replacing the built-in ones).
 */
public final class LuceneAgentIndexProvider implements AgentIndexProvider {
    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public LuceneAgentIndexProvider() {}

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public AgentIndex create(ProviderConfig config) {
        LuceneAgentIndex.Builder builder = LuceneAgentIndex.builder()
                .directory(config.path(ProviderConfig.DATA_DIRECTORY).map(d -> d.resolve("resolve-index")).orElse(null));
        String embedder = config.get("embedder").orElse(null);
        if ("none".equals(embedder)) {
            builder.lexicalOnly();
        } else {
            Embedder created = ExtensionLoader.resolve(null, EmbedderProvider.class, getClass().getClassLoader(), embedder, config);
            builder.embedder(created);
        }
        config.path("synonyms").ifPresent(builder::synonyms);
        config.path("glossary").ifPresent(builder::glossary);
        return builder.build();
    }
}
