package dev.acf.gateway.qos;

import java.time.Duration;
import java.util.Objects;

/**
 * The admission limits of one {@link dev.acf.api.gateway.QosClass}. Immutable.
 *
 * @param maxConcurrent requests of the class running past the QoS stage at once
 * @param maxQueue requests of the class waiting for a permit at once; one more is refused 503 (0: no queue)
 * @param maxQueueWait how long a request waits for a permit before it is refused 503
 * @param targetQueueDelay when the last queued request waited longer than this, new arrivals that would
 *     have to queue are refused 503 until the queue drains (CoDel-like); {@link Duration#ZERO} never sheds by delay
 * @param shedAt the share (0-1] of the gateway's overload capacity that may be occupied (running or queued,
 *     all classes) for the class to be admitted at all; lower for lower classes, so they are shed first
 */
public record ClassLimits(int maxConcurrent, int maxQueue, Duration maxQueueWait, Duration targetQueueDelay, double shedAt) {

    /** Requires a positive concurrency, a queue of 0 or more, non-negative durations and {@code 0 < shedAt <= 1}. */
    public ClassLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be positive, was " + maxConcurrent);
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("maxQueue must not be negative, was " + maxQueue);
        }
        Objects.requireNonNull(maxQueueWait, "maxQueueWait");
        Objects.requireNonNull(targetQueueDelay, "targetQueueDelay");
        if (maxQueueWait.isNegative() || targetQueueDelay.isNegative()) {
            throw new IllegalArgumentException("queue durations must not be negative");
        }
        if (!(shedAt > 0 && shedAt <= 1)) {
            throw new IllegalArgumentException("shedAt must be in (0, 1], was " + shedAt);
        }
    }

    /** Returns a copy with another concurrency limit and queue length. */
    public ClassLimits withConcurrency(int newMaxConcurrent, int newMaxQueue) {
        return new ClassLimits(newMaxConcurrent, newMaxQueue, maxQueueWait, targetQueueDelay, shedAt);
    }
}
