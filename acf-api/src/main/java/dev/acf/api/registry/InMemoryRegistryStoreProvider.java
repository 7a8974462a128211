package dev.acf.api.registry;

import dev.acf.api.spi.ProviderConfig;

/**
 * Provides {@link InMemoryRegistryStore} under the name {@code in-memory}, with the lowest
 * priority, so any durable store on the class path is preferred.
 */
public final class InMemoryRegistryStoreProvider implements RegistryStoreProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "in-memory";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public InMemoryRegistryStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public RegistryStore create(ProviderConfig config) {
        return new InMemoryRegistryStore();
    }
}
