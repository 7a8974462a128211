package dev.acf.api.spi;

/**
 * Creates one implementation of an extension point; discovered with
 * {@link java.util.ServiceLoader} through the extension's own provider interface (such as
 * {@code RegistryStoreProvider}) and chosen by {@link ExtensionLoader}.
 *
 * <p>Implementations are stateless factories with a public no-argument constructor, listed
 * in {@code META-INF/services/<provider interface>}. {@link #create} may be called from any
 * thread.
 *
 * <pre>{@code
 * public final class JdbcRegistryStoreProvider implements RegistryStoreProvider {
 *     public String name() { return "jdbc"; }
 *     public int priority() { return 10; }
 *     public RegistryStore create(ProviderConfig config) { return new JdbcRegistryStore(config.require("url")); }
 * }
 * }</pre>
 *
 * @param <T> the extension point this provider creates
 */
public interface ExtensionProvider<T> {

    /** Returns the short name configuration uses to pick this provider, such as {@code embedded}. */
    String name();

    /** Returns the priority among the discovered providers when none is named: higher wins. */
    default int priority() {
        return 0;
    }

    /**
     * Creates an instance from configuration.
     *
     * @throws dev.acf.api.error.ConfigurationException when the configuration is not usable
     */
    T create(ProviderConfig config);
}
