package dev.acf.gateway.qos;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (caller or target), each a single {@code AtomicLong} in the GCRA
 * form: the theoretical arrival time of the next request, advanced by one interval per
 * request and refused when it runs more than a burst ahead of now. A take is one lookup and
 * one CAS. The map is bounded: when it outgrows {@code maxBuckets}, full (idle) buckets go
 * first, which loses nothing since a full bucket is what a new one is; if every bucket is busy,
 * arbitrary ones go, so that unknown keys cannot grow memory (the price is a fresh burst for a
 * busy key). Thread-safe and lock-free on the path of a known key.
 */
final class TokenBuckets {
    private final long intervalNanos;
    private final long burstNanos;
    private final int maxBuckets;
    private final LongSupplier nanos;
    private final Map<String, AtomicLong> buckets = new ConcurrentHashMap<>();

    TokenBuckets(RateLimit limit, int maxBuckets, LongSupplier nanos) {
        this.intervalNanos = limit.intervalNanos();
        this.burstNanos = intervalNanos * limit.burst();
        this.maxBuckets = maxBuckets;
        this.nanos = nanos;
    }

    /** Takes a token from the key's bucket; returns 0 when taken, else the nanoseconds until one is available. */
    long take(String key) {
        AtomicLong bucket = buckets.get(key);
        long now = nanos.getAsLong();
        if (bucket == null) {
            if (buckets.size() >= maxBuckets) {
                evict(now);
            }
            bucket = buckets.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE));
        }
        while (true) {
            long tat = bucket.get();
            long next = Math.max(tat, now) + intervalNanos;
            long ahead = next - now;
            if (ahead > burstNanos) {
                return ahead - burstNanos;
            }
            if (bucket.compareAndSet(tat, next)) {
                return 0;
            }
        }
    }

    int size() {
        return buckets.size();
    }

    private synchronized void evict(long now) {
        if (buckets.size() < maxBuckets) {
            return;
        }
        // Down to 90 %, so that the sweep is paid once per many new keys, not once per key.
        int target = Math.max(0, maxBuckets - Math.max(1, maxBuckets / 10));
        buckets.values().removeIf(tat -> tat.get() <= now);
        Iterator<AtomicLong> busy = buckets.values().iterator();
        while (buckets.size() > target && busy.hasNext()) {
            busy.next();
            busy.remove();
        }
    }
}
