package dev.acf.gateway.balance;

import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.LoadBalancerProvider;
import dev.acf.api.spi.ProviderConfig;

/**
 * Provides the {@link RoundRobinLoadBalancer} under the name {@value #NAME}, priority 0 (a
 * discovered balancer with a higher priority replaces it). Setting {@value #EJECTION_TIME}:
 * how long a failed endpoint is skipped, default 5 s.
 */
public final class RoundRobinLoadBalancerProvider implements LoadBalancerProvider {
    /** The provider's name. */
    public static final String NAME = "round-robin";
    /** The configuration key of the ejection time, a duration such as {@code 5s}. */
    public static final String EJECTION_TIME = "loadBalancer.ejectionTime";

    /** For {@link java.util.ServiceLoader}. */
    public RoundRobinLoadBalancerProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LoadBalancer create(ProviderConfig config) {
        return new RoundRobinLoadBalancer(config.durationValue(EJECTION_TIME, RoundRobinLoadBalancer.DEFAULT_EJECTION));
    }
}
