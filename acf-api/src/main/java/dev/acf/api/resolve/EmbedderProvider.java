package dev.acf.api.resolve;

import dev.acf.api.spi.ExtensionProvider;

/** Creates an {@link Embedder}; found with {@link java.util.ServiceLoader}. */
public interface EmbedderProvider extends ExtensionProvider<Embedder> {}
