package dev.acf.ans.registry;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.RegistryStoreProvider;
import dev.acf.api.spi.ProviderConfig;

/**
 * Provides {@link EmbeddedRegistryStore} under the name {@value #NAME} with priority 0, the
 * default registry store of ANS. It keeps its files in {@link ProviderConfig#DATA_DIRECTORY}
 * (required). Stateless and thread-safe.
 *
 * <pre>{@code
 * RegistryStore store = new EmbeddedRegistryStoreProvider()
 *         .create(ProviderConfig.of(Map.of(ProviderConfig.DATA_DIRECTORY, "ans-data/registry")));
 * }</pre>
 */
public final class EmbeddedRegistryStoreProvider implements RegistryStoreProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "embedded";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public EmbeddedRegistryStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    /**
     * Opens the store in the configured data directory.
     *
     * @throws ConfigurationException when {@code dataDirectory} is missing or the directory cannot be used
     */
    @Override
    public RegistryStore create(ProviderConfig config) {
        return EmbeddedRegistryStore.open(config.path(ProviderConfig.DATA_DIRECTORY).orElseThrow(() -> new ConfigurationException(
                "the embedded registry store needs setting '" + ProviderConfig.DATA_DIRECTORY + "' (the directory to keep its files in)")));
    }
}
