package dev.acf.api.resolve;

import dev.acf.api.spi.ExtensionProvider;

/** Creates an {@link AgentIndex}; found with {@link java.util.ServiceLoader}. */
public interface AgentIndexProvider extends ExtensionProvider<AgentIndex> {}
