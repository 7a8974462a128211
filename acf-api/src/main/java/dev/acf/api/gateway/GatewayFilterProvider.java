package dev.acf.api.gateway;

import dev.acf.api.spi.ExtensionProvider;

/**
 * Contributes a {@link GatewayFilter} found with {@link java.util.ServiceLoader}; the
 * gateway adds every discovered filter that its configuration enables, in its stage.
 */
public interface GatewayFilterProvider extends ExtensionProvider<GatewayFilter> {

    /** Returns the stage the filter runs in. */
    FilterStage stage();
}
