package dev.acf.api.gateway;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link LoadBalancer}; found with {@link java.util.ServiceLoader}. */
public interface LoadBalancerProvider extends ExtensionProvider<LoadBalancer> {}
