package dev.acf.api.registry;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.ConflictException;
import dev.acf.api.name.AgentName;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link RegistryStore} that keeps everything in memory: for tests, examples and embedded
 * uses where durability does not matter. Nothing survives {@link #close()} or a restart.
 *
 * <p>Thread-safe: one lock orders writes, so the change feed has no gaps. The whole change
 * history is kept; it is meant for thousands of records, not millions.
 *
 * <pre>{@code
 * try (RegistryStore store = new InMemoryRegistryStore()) { ... }
 * }</pre>
 */
public final class InMemoryRegistryStore implements RegistryStore {
    private final Clock clock;
    private final Map<AgentName, StoredAgent> records = new HashMap<>();
    private final List<Change> changes = new ArrayList<>();

    /** Creates an empty store timed by the system clock. */
    public InMemoryRegistryStore() {
        this(Clock.systemUTC());
    }

    /** Creates an empty store timed by the given clock. */
    public InMemoryRegistryStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<StoredAgent> find(AgentName name) {
        if (!name.hasVersion()) {
            throw new IllegalArgumentException("find needs a versioned name, was " + name + "; use versions()");
        }
        return Optional.ofNullable(records.get(name));
    }

    @Override
    public synchronized List<StoredAgent> versions(AgentName name) {
        String fqdn = name.fqdn();
        return records.values().stream()
                .filter(s -> s.record().name().fqdn().equals(fqdn))
                .sorted(Comparator.comparing(s -> s.record().version()))
                .toList();
    }

    @Override
    public synchronized Revision put(AgentRecord record, Revision expected) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(expected, "expected");
        StoredAgent current = records.get(record.name());
        Revision actual = current == null ? Revision.NONE : current.revision();
        if (!actual.equals(expected)) {
            throw new ConflictException(current == null
                    ? "agent " + record.name() + " does not exist (expected revision " + expected.value() + ")"
                    : expected.equals(Revision.NONE)
                            ? "agent " + record.name() + " is already registered"
                            : "agent " + record.name() + " is at revision " + actual.value() + ", not " + expected.value());
        }
        StoredAgent stored = new StoredAgent(record, actual.next());
        records.put(record.name(), stored);
        changes.add(new Change(new Cursor(changes.size() + 1L), current == null ? Change.Type.CREATED : Change.Type.UPDATED,
                stored, clock.instant()));
        return stored.revision();
    }

    @Override
    public synchronized List<Change> changesSince(Cursor cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        int from = (int) Math.min(cursor.position(), changes.size());
        return List.copyOf(changes.subList(from, Math.min(changes.size(), from + limit)));
    }

    @Override
    public synchronized Cursor head() {
        return new Cursor(changes.size());
    }

    @Override
    public synchronized long count() {
        return records.size();
    }

    @Override
    public synchronized Stream<StoredAgent> scan() {
        return List.copyOf(records.values()).stream();
    }

    @Override
    public synchronized void close() {
        // Nothing to release; the data stays readable until the store is dropped.
    }
}
