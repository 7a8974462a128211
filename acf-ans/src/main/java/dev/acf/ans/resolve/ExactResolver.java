package dev.acf.ans.resolve;

import dev.acf.ans.ca.Pem;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Exact resolution (ANS-RES-1): a versioned name to that version, a version-less name to
 * the newest version that may be resolved. Only {@code ACTIVE} agents whose certificate has
 * not expired are returned; revoked, suspended, pending and expired ones are not.
 *
 * <p>Thread-safe. Certificate expiry is read once per stored revision and cached, so a
 * lookup costs a store read and a map probe.
 */
public final class ExactResolver {
    private static final int CACHE_LIMIT = 100_000;

    private final RegistryStore store;
    private final Clock clock;
    private final Map<String, Instant> notAfterByRevision = new ConcurrentHashMap<>();
    private final Function<AgentName, Optional<AgentRecord>> fallback;

    /** Creates a resolver over a store, judging expiry by the clock. */
    public ExactResolver(RegistryStore store, Clock clock) {
        this(store, clock, name -> Optional.empty());
    }

    /**
     * Creates a resolver over a store that asks {@code fallback} for names the store does not
     * resolve, such as the records imported from peer domains (ANS-SYNC-2).
     */
    public ExactResolver(RegistryStore store, Clock clock, Function<AgentName, Optional<AgentRecord>> fallback) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** Returns the resolvable record for a name, if any. */
    public Optional<AgentRecord> resolve(AgentName name) {
        Optional<AgentRecord> own = resolveHere(name);
        return own.isPresent() ? own : fallback.apply(name);
    }

    private Optional<AgentRecord> resolveHere(AgentName name) {
        if (name.hasVersion()) {
            return store.find(name).filter(this::resolvable).map(StoredAgent::record);
        }
        List<StoredAgent> versions = store.versions(name);
        return versions.stream()
                .filter(this::resolvable)
                .max(Comparator.comparing(s -> s.record().version()))
                .map(StoredAgent::record);
    }

    private boolean resolvable(StoredAgent stored) {
        AgentRecord record = stored.record();
        if (!record.isResolvable() || record.certificate() == null) {
            return false;
        }
        return clock.instant().isBefore(notAfter(stored));
    }

    private Instant notAfter(StoredAgent stored) {
        String key = stored.record().name() + "#" + stored.revision().value();
        Instant cached = notAfterByRevision.get(key);
        if (cached != null) {
            return cached;
        }
        Instant notAfter = Pem.parseCertificates(Objects.requireNonNull(stored.record().certificate())).get(0).getNotAfter().toInstant();
        if (notAfterByRevision.size() >= CACHE_LIMIT) {
            notAfterByRevision.clear();
        }
        notAfterByRevision.put(key, notAfter);
        return notAfter;
    }
}
