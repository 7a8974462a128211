/**
 * Load balancing across an agent's endpoints (GW-FWD-2): the default
 * {@link dev.acf.gateway.balance.PeakEwmaLoadBalancer} (power of two choices over peak-EWMA
 * latency, passive {@link dev.acf.gateway.balance.OutlierDetection outlier ejection}, active
 * {@link dev.acf.gateway.balance.HealthCheck health probes}), the simpler
 * {@link dev.acf.gateway.balance.RoundRobinLoadBalancer}, and their providers for
 * {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.acf.gateway.balance;

import org.jspecify.annotations.NullMarked;
