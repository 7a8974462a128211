package dev.acf.ans.resolve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used cache, so that repeated intents skip the costly step (the query
 * embedding). Thread-safe: a lock guards the map, never held while computing a value.
 */
final class QueryCache<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> map;

    QueryCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > QueryCache.this.capacity;
            }
        };
    }

    /** Returns the cached value, or computes, caches and returns it. */
    V get(K key, Function<K, V> compute) {
        synchronized (map) {
            V hit = map.get(key);
            if (hit != null) {
                return hit;
            }
        }
        V value = compute.apply(key);
        if (capacity > 0) {
            synchronized (map) {
                map.put(key, value);
            }
        }
        return value;
    }

    /** Forgets every entry. */
    void clear() {
        synchronized (map) {
            map.clear();
        }
    }

    /** Returns how many entries are cached. */
    int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
