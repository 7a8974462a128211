package dev.acf.client.jws;

import dev.acf.api.error.UnavailableException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers nonces until the time after which a replay would be refused anyway (its
 * {@code iat} has left the skew window). Bounded: expired entries are evicted first; when
 * the cache is full of live entries it refuses new requests rather than forget a live nonce,
 * which would let a replay through. Thread-safe.
 */
final class ReplayCache {
    private record Entry(Instant expires, String key) {}

    private final int capacity;
    private final Map<String, Instant> live = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.expires().compareTo(b.expires()));

    ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay cache capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Records a nonce; returns false when it was already seen and has not yet expired.
     *
     * @throws UnavailableException when the cache is full of live nonces
     */
    synchronized boolean firstUse(String key, Instant expires, Instant now) {
        evictExpired(now);
        if (live.containsKey(key)) {
            return false;
        }
        if (live.size() >= capacity) {
            throw new UnavailableException("too many signed requests in the replay window (" + capacity + "); retry later");
        }
        live.put(key, expires);
        byExpiry.add(new Entry(expires, key));
        return true;
    }

    synchronized int size() {
        return live.size();
    }

    private void evictExpired(Instant now) {
        while (!byExpiry.isEmpty() && !byExpiry.peek().expires().isAfter(now)) {
            Entry entry = byExpiry.poll();
            live.remove(entry.key(), entry.expires());
        }
    }
}
