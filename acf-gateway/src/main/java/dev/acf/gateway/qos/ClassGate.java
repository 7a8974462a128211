package dev.acf.gateway.qos;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The permits and wait queue of one class. The uncontended path is one volatile read and one
 * CAS; only a request that finds every permit taken waits, parked on a virtual thread
 * (never on an event loop), and resumes as soon as a permit is released or its
 * wait is over. The queue is bounded by a count, never by memory. Thread-safe.
 */
final class ClassGate {
    /** Why a request was not admitted; {@code null} from {@link #acquire} means admitted. */
    enum Refusal {
        QUEUE_FULL("queue_full"),
        QUEUE_TIMEOUT("queue_timeout"),
        QUEUE_DELAY("queue_delay"),
        INTERRUPTED("interrupted");

        final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }
    }

    private final int maxConcurrent;
    private final int maxQueue;
    private final long maxWaitNanos;
    private final long targetDelayNanos;
    // Fair, so that waiters are served in arrival order; the fast path only tries it when nobody waits.
    private final Semaphore permits;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile long lastDelayNanos;

    ClassGate(ClassLimits limits) {
        this.maxConcurrent = limits.maxConcurrent();
        this.maxQueue = limits.maxQueue();
        this.maxWaitNanos = limits.maxQueueWait().toNanos();
        this.targetDelayNanos = limits.targetQueueDelay().toNanos();
        this.permits = new Semaphore(maxConcurrent, true);
    }

    /** Takes a permit, waiting in the queue if need be; returns null when admitted, else why not. */
    @Nullable Refusal acquire() {
        return tryAcquire() ? null : acquireQueued();
    }

    /** Takes a free permit when nobody waits; never blocks. */
    boolean tryAcquire() {
        if (queued.get() == 0 && permits.tryAcquire()) {
            if (lastDelayNanos != 0) {
                // Admitted without waiting: whatever queue stood has drained.
                lastDelayNanos = 0;
            }
            return true;
        }
        return false;
    }

    /** After {@link #tryAcquire} failed: waits in the queue (blocking, on a virtual thread); returns null when admitted, else why not. */
    @Nullable Refusal acquireQueued() {
        if (targetDelayNanos > 0 && lastDelayNanos > targetDelayNanos) {
            return Refusal.QUEUE_DELAY;
        }
        if (queued.incrementAndGet() > maxQueue) {
            queued.decrementAndGet();
            return Refusal.QUEUE_FULL;
        }
        long start = System.nanoTime();
        boolean admitted;
        try {
            admitted = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Refusal.INTERRUPTED;
        } finally {
            queued.decrementAndGet();
        }
        lastDelayNanos = System.nanoTime() - start;
        return admitted ? null : Refusal.QUEUE_TIMEOUT;
    }

    /** Returns a permit taken by {@link #acquire}; called exactly once per admitted request. */
    void release() {
        permits.release();
    }

    int inFlight() {
        return maxConcurrent - permits.availablePermits();
    }

    int queued() {
        return queued.get();
    }
}
