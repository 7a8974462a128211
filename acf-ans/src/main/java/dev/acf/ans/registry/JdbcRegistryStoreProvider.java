package dev.acf.ans.registry;

import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.RegistryStoreProvider;
import dev.acf.api.spi.ProviderConfig;

/**
 * Provides {@link JdbcRegistryStore} under the name {@value #NAME}. Its priority (-10) is below
 * the embedded store's, because it needs settings: choose it by name. It reads
 * {@code jdbcUrl}, {@code username}, {@code password}, {@code poolSize} and {@code schema}
 * (see {@link JdbcRegistryStore}). Stateless and thread-safe.
 *
 * <pre>{@code
 * RegistryStore store = ExtensionLoader.resolve(null, RegistryStoreProvider.class, loader, "jdbc",
 *         ProviderConfig.of(Map.of("jdbcUrl", "jdbc:postgresql://db.example.net/ans", "username", "ans", "password", pw)));
 * }</pre>
 */
public final class JdbcRegistryStoreProvider implements RegistryStoreProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "jdbc";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public JdbcRegistryStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -10;
    }

    /**
     * Opens a pooled store; see {@link JdbcRegistryStore#open(ProviderConfig)}.
     *
     * @throws dev.acf.api.error.ConfigurationException when {@code jdbcUrl} is missing or the database cannot be used
     */
    @Override
    public RegistryStore create(ProviderConfig config) {
        return JdbcRegistryStore.open(config);
    }
}
