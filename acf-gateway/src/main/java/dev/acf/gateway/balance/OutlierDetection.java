package dev.acf.gateway.balance;

import java.time.Duration;
import java.util.Objects;

/**
 * When an endpoint is taken out of rotation after failing (passive health, Envoy's outlier
 * detection): after {@code consecutiveFailures} failed calls in a row (connection refused or
 * reset, timeout, a 5xx answer) it is ejected for {@code baseEjectionTime} times the number of
 * times it was ejected, at most {@code maxEjectionTime}; the count falls back by one for each
 * ejection-free {@code baseEjectionTime}. At most {@code maxEjectedShare} of an agent's endpoints
 * are out at once (and always at least one may go when there are two or more, never the last):
 * a failure that would exceed the share is counted but ejects nothing.
 *
 * <pre>{@code
 * OutlierDetection od = new OutlierDetection(5, Duration.ofSeconds(30), Duration.ofMinutes(5), 0.5);
 * }</pre>
 *
 * @param consecutiveFailures failed calls in a row that eject an endpoint, at least 1
 * @param baseEjectionTime the first ejection's length
 * @param maxEjectionTime the cap of an ejection's length, at least the base
 * @param maxEjectedShare the share of an agent's endpoints that may be out at once, 0 to 1
 */
public record OutlierDetection(int consecutiveFailures, Duration baseEjectionTime, Duration maxEjectionTime,
        double maxEjectedShare) {
    private static final OutlierDetection DEFAULTS = new OutlierDetection(5, Duration.ofSeconds(30), Duration.ofMinutes(5), 0.5);

    /** Validates the ranges. */
    public OutlierDetection {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1, was " + consecutiveFailures);
        }
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
        Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
        if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
            throw new IllegalArgumentException("baseEjectionTime must be positive, was " + baseEjectionTime);
        }
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw new IllegalArgumentException("maxEjectionTime " + maxEjectionTime + " is shorter than baseEjectionTime " + baseEjectionTime);
        }
        if (!(maxEjectedShare >= 0 && maxEjectedShare <= 1)) {
            throw new IllegalArgumentException("maxEjectedShare must be between 0 and 1, was " + maxEjectedShare);
        }
    }

    /** Returns 5 failures in a row, 30 s base, 5 min cap, half the endpoints at most. */
    public static OutlierDetection defaults() {
        return DEFAULTS;
    }

    /** How many of {@code endpoints} may be out at once: the share rounded down, at least one of two or more, never all. */
    int maxOut(int endpoints) {
        if (endpoints < 2) {
            return 0;
        }
        int share = (int) Math.floor(endpoints * maxEjectedShare);
        return Math.min(endpoints - 1, Math.max(1, share));
    }
}
