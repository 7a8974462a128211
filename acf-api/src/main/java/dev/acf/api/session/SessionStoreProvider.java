package dev.acf.api.session;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link SessionStore}; found with {@link java.util.ServiceLoader}. */
public interface SessionStoreProvider extends ExtensionProvider<SessionStore> {}
