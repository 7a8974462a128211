package dev.acf.gateway.balance;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the balancer probes endpoints off the request path (active health): every {@code interval}
 * each endpoint in use is probed with a TCP connect ({@code path} null) or an HTTP {@code GET} of
 * {@code path} resolved against the endpoint (healthy below 500), within {@code timeout}. After
 * {@code unhealthyThreshold} failed probes in a row the endpoint is out of rotation (within the
 * {@link OutlierDetection#maxEjectedShare}); one passing probe brings it back, and also ends an
 * ejection during which a probe had failed (an instance restarted). The TCP probe is the default:
 * an HTTP probe of an {@code https} agent that wants the gateway's client certificate would fail.
 *
 * <pre>{@code
 * HealthCheck tcp = HealthCheck.tcp(Duration.ofSeconds(5));
 * HealthCheck card = HealthCheck.http("/.well-known/agent-card.json", Duration.ofSeconds(10));
 * }</pre>
 *
 * @param enabled whether probes run at all
 * @param interval the time between two probes of an endpoint
 * @param timeout the time a probe may take
 * @param path the path to {@code GET}, or null for a TCP connect
 * @param unhealthyThreshold failed probes in a row that take an endpoint out, at least 1
 */
public record HealthCheck(boolean enabled, Duration interval, Duration timeout, @Nullable String path, int unhealthyThreshold) {
    private static final HealthCheck DEFAULTS = tcp(Duration.ofSeconds(5));

    /** Validates the durations and the threshold. */
    public HealthCheck {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive, were " + interval + " and " + timeout);
        }
        if (unhealthyThreshold < 1) {
            throw new IllegalArgumentException("unhealthyThreshold must be at least 1, was " + unhealthyThreshold);
        }
    }

    /** Returns TCP connects every 5 s, 1 s timeout, out after 2 failures. */
    public static HealthCheck defaults() {
        return DEFAULTS;
    }

    /** Returns TCP connect probes at this interval (timeout: the interval, at most 1 s; out after 2 failures). */
    public static HealthCheck tcp(Duration interval) {
        return new HealthCheck(true, interval, min(interval, Duration.ofSeconds(1)), null, 2);
    }

    /** Returns HTTP {@code GET} probes of this path at this interval (timeout: the interval, at most 2 s; out after 2 failures). */
    public static HealthCheck http(String path, Duration interval) {
        return new HealthCheck(true, interval, min(interval, Duration.ofSeconds(2)), Objects.requireNonNull(path, "path"), 2);
    }

    /** Returns no probes: only passive health counts. */
    public static HealthCheck disabled() {
        return new HealthCheck(false, Duration.ofSeconds(5), Duration.ofSeconds(1), null, 2);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
