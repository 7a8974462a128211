package dev.acf.client.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for retries: the n-th delay (n from 0) is
 * {@code min(max, initial * 2^n)}, scaled by a random factor in {@code [1 - jitter, 1 + jitter]}
 * so that many clients failing together do not retry together. Immutable and thread-safe.
 *
 * @param initial the first delay, positive
 * @param max the largest delay before jitter, at least {@code initial}
 * @param jitter the relative spread, 0 (none) to 1
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    /** Validates the bounds. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial " + initial);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
    }

    /** Returns the delay before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative, was " + attempt);
        }
        long base = initial.toMillis();
        long cap = max.toMillis();
        long raw = attempt >= 62 || base > (cap >> Math.min(attempt, 62)) ? cap : Math.min(cap, base << attempt);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(raw * factor)));
    }
}
