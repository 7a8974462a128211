package dev.acf.api.resolve;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link Reranker}; found with {@link java.util.ServiceLoader}. */
public interface RerankerProvider extends ExtensionProvider<Reranker> {}
