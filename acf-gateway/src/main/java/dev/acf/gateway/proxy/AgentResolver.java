package dev.acf.gateway.proxy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.AnsLookup;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves agent names through ANS with a cache: answers (found or not) live for the TTL and
 * are dropped at once when ANS reports a change of that agent (any version), so a withdrawn
 * agent stops being routed within the event's delivery time. Concurrent misses for one name
 * share one lookup. {@link #resolve} may block on ANS: call it from a virtual thread, never
 * from an event loop. Thread-safe.
 *
 * <pre>{@code
 * try (AgentResolver agents = new AgentResolver(ans.lookup(), Duration.ofSeconds(30))) {
 *     Optional<AgentRecord> rca = agents.resolve(AgentName.parse("ans://rca.ops.example.net"));
 * }
 * }</pre>
 */
public final class AgentResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentResolver.class);

    private record Entry(CompletableFuture<Optional<AgentRecord>> answer, long expiresAt) {}

    private final AnsLookup lookup;
    private final long ttlNanos;
    private final ConcurrentHashMap<AgentName, Entry> cache = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;

    /** Subscribes to the lookup's events; answers are kept for {@code ttl}. */
    public AgentResolver(AnsLookup lookup, Duration ttl) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.ttlNanos = ttl.toNanos();
        this.subscription = lookup.subscribe(this::onEvent);
    }

    /**
     * Returns the record for the name when a fresh answer is cached (an empty optional when that
     * answer is "not found"), else {@code null}; never asks ANS, never blocks.
     */
    public @Nullable Optional<AgentRecord> cached(AgentName name) {
        Entry cached = cache.get(name);
        if (cached != null && cached.answer().isDone() && cached.expiresAt() - System.nanoTime() > 0
                && !cached.answer().isCompletedExceptionally()) {
            return cached.answer().join();
        }
        return null;
    }

    /** Returns the resolvable record for the name, from the cache or from ANS. */
    public Optional<AgentRecord> resolve(AgentName name) {
        long now = System.nanoTime();
        Entry cached = cache.get(name);
        if (cached != null && cached.answer().isDone() && cached.expiresAt() - now > 0 && !cached.answer().isCompletedExceptionally()) {
            // The hot path: a fresh answer, read without locking the map or allocating.
            return cached.answer().join();
        }
        CompletableFuture<Optional<AgentRecord>> mine = new CompletableFuture<>();
        Entry entry = cache.compute(name, (k, old) ->
                old != null && (!old.answer().isDone() || old.expiresAt() - now > 0) ? old : new Entry(mine, now + ttlNanos));
        if (entry.answer() == mine) {
            try {
                mine.complete(lookup.lookup(name));
            } catch (RuntimeException e) {
                cache.remove(name, entry);
                mine.completeExceptionally(e);
            }
        }
        try {
            return entry.answer().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resolving " + name, e);
        }
    }

    /** Drops every cached answer for this agent's host name, whatever the version. */
    public void invalidate(AgentName name) {
        cache.keySet().removeIf(k -> k.fqdn().equals(name.fqdn()));
    }

    private void onEvent(AgentEvent event) {
        LOG.debug("agent {} {}: dropping cached routes", event.agent().name(), event.type());
        invalidate(event.agent().name());
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("closing the ANS subscription failed: {}", e.toString());
        }
        cache.clear();
    }
}
