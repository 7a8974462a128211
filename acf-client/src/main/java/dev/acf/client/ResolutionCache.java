package dev.acf.client;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verified resolution answers kept for a TTL, by the name they were asked for. Evicting an
 * agent drops every entry that answered with it (its versioned and version-less names), so a
 * revocation takes effect for both. A zero TTL keeps nothing. Thread-safe.
 */
final class ResolutionCache {
    private record Entry(AgentRecord record, Instant expiresAt) {}

    private final Duration ttl;
    private final int capacity;
    private final Map<AgentName, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    ResolutionCache(Duration ttl, int capacity) {
        this.ttl = ttl;
        this.capacity = capacity;
    }

    Optional<AgentRecord> get(AgentName name, Instant now) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.expiresAt())) {
            entries.remove(name, entry);
            return Optional.empty();
        }
        return Optional.of(entry.record());
    }

    /** Returns a number that changes with every eviction; {@link #put} compares it. */
    long generation() {
        return generation.get();
    }

    /** Keeps an answer fetched when the generation was {@code fetchedAt}, unless an eviction came since. */
    void put(AgentName asked, AgentRecord record, Instant now, long fetchedAt) {
        if (ttl.isZero() || generation.get() != fetchedAt) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.entrySet().removeIf(e -> !now.isBefore(e.getValue().expiresAt()));
            if (entries.size() >= capacity) {
                entries.clear(); // a crude bound: a client resolving this many names re-fetches
            }
        }
        Entry entry = new Entry(record, now.plus(ttl));
        entries.put(asked, entry);
        if (generation.get() != fetchedAt) {
            entries.remove(asked, entry); // an eviction raced with this put
        }
    }

    void evict(AgentName agent) {
        generation.incrementAndGet();
        entries.remove(agent);
        entries.remove(agent.withoutVersion());
        entries.values().removeIf(e -> e.record().name().equals(agent));
    }

    void clear() {
        generation.incrementAndGet();
        entries.clear();
    }
}
