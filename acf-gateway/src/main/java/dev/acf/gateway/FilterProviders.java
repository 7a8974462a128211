package dev.acf.gateway;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.GatewayFilterProvider;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ExtensionProvider;
import dev.acf.api.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds and creates the third-party filters a gateway enables by name. */
final class FilterProviders {
    private FilterProviders() {}

    /**
     * Returns the filters of the enabled providers (named in {@code enabled} or under
     * {@code GatewayServer.FILTERS_KEY} in the config), by stage, in the order named.
     *
     * @throws ConfigurationException when an enabled provider is not found or creates nothing
     */
    static Map<FilterStage, List<GatewayFilter>> discover(Set<String> enabled, ProviderConfig config, ClassLoader loader) {
        Map<FilterStage, List<GatewayFilter>> all = new EnumMap<>(FilterStage.class);
        Set<String> names = new LinkedHashSet<>(enabled);
        config.get(GatewayServer.FILTERS_KEY).ifPresent(list -> Arrays.stream(list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add));
        if (names.isEmpty()) {
            return all;
        }
        List<GatewayFilterProvider> found = ExtensionLoader.providers(GatewayFilterProvider.class, loader);
        for (String name : names) {
            GatewayFilterProvider provider = found.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("no GatewayFilterProvider named '" + name + "'; available: "
                            + found.stream().map(ExtensionProvider::name).toList()));
            GatewayFilter filter = provider.create(config);
            if (filter == null) {
                throw new ConfigurationException("GatewayFilterProvider '" + name + "' created nothing (returned null)");
            }
            all.computeIfAbsent(provider.stage(), k -> new ArrayList<>()).add(filter);
        }
        return all;
    }
}
