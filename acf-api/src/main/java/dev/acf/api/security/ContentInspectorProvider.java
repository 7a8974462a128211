package dev.acf.api.security;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link ContentInspector}; found with {@link java.util.ServiceLoader}. */
public interface ContentInspectorProvider extends ExtensionProvider<ContentInspector> {}
