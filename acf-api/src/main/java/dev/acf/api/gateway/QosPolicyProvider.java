package dev.acf.api.gateway;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link QosPolicy}; found with {@link java.util.ServiceLoader}. */
public interface QosPolicyProvider extends ExtensionProvider<QosPolicy> {}
