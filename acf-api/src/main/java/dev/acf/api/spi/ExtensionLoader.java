package dev.acf.api.spi;

import dev.acf.api.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Finds and chooses the implementation of an extension point, with one precedence
 * everywhere: an object passed to a builder, then the provider named in configuration,
 * then the discovered provider with the highest {@link ExtensionProvider#priority()}
 * (ties broken by name, so the choice is deterministic).
 *
 * <p>Builders call it once, in {@code build()}; the result lives in the built instance,
 * never in a static registry. A named provider that is missing fails fast and lists the
 * names that are available. Thread-safe (stateless).
 *
 * <pre>{@code
 * RegistryStore store = ExtensionLoader.resolve(explicitStore, RegistryStoreProvider.class,
 *         getClass().getClassLoader(), config.get("registry.store").orElse(null), config);
 * }</pre>
 */
public final class ExtensionLoader {
    private ExtensionLoader() {}

    /** Returns every provider of this type visible to the class loader, highest priority first. */
    public static <P extends ExtensionProvider<?>> List<P> providers(Class<P> providerType, ClassLoader classLoader) {
        Objects.requireNonNull(providerType, "providerType");
        List<P> found = new ArrayList<>();
        try {
            for (P provider : ServiceLoader.load(providerType, classLoader)) {
                found.add(provider);
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException(dev.acf.api.error.ErrorCode.CONFIGURATION,
                    "a " + providerType.getSimpleName() + " listed in META-INF/services cannot be loaded: " + e.getMessage(), e);
        }
        found.sort(Comparator.<P>comparingInt(ExtensionProvider::priority).reversed().thenComparing(ExtensionProvider::name));
        return List.copyOf(found);
    }

    /**
     * Chooses a provider: the one called {@code name} when given, else the highest priority.
     *
     * @throws ConfigurationException when the named provider is missing (listing those
     *     available) or when none is found at all
     */
    public static <P extends ExtensionProvider<?>> P select(Class<P> providerType, ClassLoader classLoader, @Nullable String name) {
        List<P> all = providers(providerType, classLoader);
        if (name != null) {
            for (P provider : all) {
                if (provider.name().equals(name)) {
                    return provider;
                }
            }
            throw new ConfigurationException("no " + providerType.getSimpleName() + " named '" + name
                    + "'; available: " + all.stream().map(ExtensionProvider::name).toList()
                    + " (is the jar that provides it on the class path?)");
        }
        if (all.isEmpty()) {
            throw new ConfigurationException("no " + providerType.getSimpleName()
                    + " found on the class path; add the ACF module that provides one or pass an instance to the builder");
        }
        return all.get(0);
    }

    /**
     * Returns {@code explicit} when given, else creates an instance from the chosen provider.
     *
     * @param explicit an instance passed to a builder, or {@code null}
     * @param name the provider named in configuration, or {@code null}
     */
    public static <T, P extends ExtensionProvider<? extends T>> T resolve(@Nullable T explicit, Class<P> providerType,
            ClassLoader classLoader, @Nullable String name, ProviderConfig config) {
        if (explicit != null) {
            return explicit;
        }
        P provider = select(providerType, classLoader, name);
        T created = provider.create(config);
        if (created == null) {
            throw new ConfigurationException(providerType.getSimpleName() + " '" + provider.name() + "' created nothing (returned null)");
        }
        return created;
    }
}
