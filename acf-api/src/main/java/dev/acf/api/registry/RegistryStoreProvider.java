package dev.acf.api.registry;

import dev.acf.api.spi.ExtensionProvider;

/**
 * Creates a {@link RegistryStore}; found with {@link java.util.ServiceLoader}. Providers read
 * {@link dev.acf.api.spi.ProviderConfig#DATA_DIRECTORY} or their own keys (a JDBC URL).
 */
public interface RegistryStoreProvider extends ExtensionProvider<RegistryStore> {}
