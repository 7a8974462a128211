package dev.acf.api.ca;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link KeyMaterialStore}; found with {@link java.util.ServiceLoader}. */
public interface KeyMaterialStoreProvider extends ExtensionProvider<KeyMaterialStore> {}
