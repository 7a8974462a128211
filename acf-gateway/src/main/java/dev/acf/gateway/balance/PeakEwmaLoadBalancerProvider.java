package dev.acf.gateway.balance;

import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.LoadBalancerProvider;
import dev.acf.api.spi.ProviderConfig;
import java.time.Duration;

/**
 * Provides the {@link PeakEwmaLoadBalancer} under the name {@value #NAME}, priority 10 (above
 * {@code round-robin}, so it is the default). Settings, all optional:
 * <ul>
 *   <li>{@value #DECAY}: the latency estimate's decay time, default 10 s;</li>
 *   <li>{@value #CONSECUTIVE_FAILURES}: failures in a row that eject an endpoint, default 5;</li>
 *   <li>{@value #BASE_EJECTION}, {@value #MAX_EJECTION}: the first ejection's length and the cap, default 30 s and 5 min;</li>
 *   <li>{@value #MAX_EJECTED_PERCENT}: the share of an agent's endpoints that may be out, default 50;</li>
 *   <li>{@value #HEALTH_INTERVAL}: the probe interval, default 5 s, {@code 0} for no probes;</li>
 *   <li>{@value #HEALTH_PATH}: a path to {@code GET} instead of a TCP connect, e.g. {@code /.well-known/agent-card.json}.</li>
 * </ul>
 */
public final class PeakEwmaLoadBalancerProvider implements LoadBalancerProvider {
    /** The provider's name. */
    public static final String NAME = "peak-ewma";
    /** The configuration key of the latency decay time. */
    public static final String DECAY = "loadBalancer.decay";
    /** The configuration key of the failures in a row that eject an endpoint. */
    public static final String CONSECUTIVE_FAILURES = "loadBalancer.consecutiveFailures";
    /** The configuration key of the first ejection's length. */
    public static final String BASE_EJECTION = "loadBalancer.ejectionTime";
    /** The configuration key of the longest ejection. */
    public static final String MAX_EJECTION = "loadBalancer.maxEjectionTime";
    /** The configuration key of the percentage of an agent's endpoints that may be out at once. */
    public static final String MAX_EJECTED_PERCENT = "loadBalancer.maxEjectedPercent";
    /** The configuration key of the probe interval; {@code 0s} disables probes. */
    public static final String HEALTH_INTERVAL = "loadBalancer.healthCheckInterval";
    /** The configuration key of the path probes {@code GET}; unset for TCP connects. */
    public static final String HEALTH_PATH = "loadBalancer.healthCheckPath";

    /** For {@link java.util.ServiceLoader}. */
    public PeakEwmaLoadBalancerProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public LoadBalancer create(ProviderConfig config) {
        OutlierDetection d = OutlierDetection.defaults();
        OutlierDetection outliers = new OutlierDetection(config.intValue(CONSECUTIVE_FAILURES, d.consecutiveFailures()),
                config.durationValue(BASE_EJECTION, d.baseEjectionTime()), config.durationValue(MAX_EJECTION, d.maxEjectionTime()),
                config.intValue(MAX_EJECTED_PERCENT, (int) Math.round(d.maxEjectedShare() * 100)) / 100.0);
        Duration interval = config.durationValue(HEALTH_INTERVAL, HealthCheck.defaults().interval());
        String path = config.get(HEALTH_PATH).orElse(null);
        HealthCheck checks = interval.isZero() ? HealthCheck.disabled()
                : path == null ? HealthCheck.tcp(interval) : HealthCheck.http(path, interval);
        return PeakEwmaLoadBalancer.builder()
                .decay(config.durationValue(DECAY, PeakEwmaLoadBalancer.DEFAULT_DECAY))
                .outlierDetection(outliers)
                .healthCheck(checks)
                .build();
    }
}
