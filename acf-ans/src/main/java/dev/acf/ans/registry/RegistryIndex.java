package dev.acf.ans.registry;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Version;
import dev.acf.api.registry.StoredAgent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * What the embedded store serves reads from: the durable (fsync'd) state only, rebuilt from
 * the log on open. Records live in memory, keyed by name and grouped by FQDN in version order;
 * the change feed is an array of log offsets (8 bytes per change), read back from the file on
 * demand. Thread-safe: many readers, one writer (the group-commit thread).
 */
final class RegistryIndex {
    /** A frame's place in the log. */
    record Slot(long offset, int length, AgentName name, long previous) {}

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<AgentName, StoredAgent> records = new HashMap<>();
    private final Map<String, TreeMap<Version, StoredAgent>> byFqdn = new HashMap<>();
    /** offsets[i] is where change i + 1 starts; its length is up to the next one or {@link #end}. */
    private long[] offsets = new long[1024];
    /** names[i] is the record change i + 1 wrote, so a reader can tell a current change from a superseded one without decoding it. */
    private AgentName[] names = new AgentName[1024];
    /** previous[i] is the position of the change before change i + 1 of the same record, 0 for none. */
    private long[] previous = new long[1024];
    private final Map<AgentName, Long> lastPosition = new HashMap<>();
    private long head;
    private long end;

    /** Makes one change visible; changes must come in cursor order. */
    void apply(long cursor, StoredAgent stored, long offset, int frameLength) {
        lock.writeLock().lock();
        try {
            if (cursor != head + 1) {
                throw new IllegalStateException("change " + cursor + " applied after change " + head);
            }
            AgentName name = stored.record().name();
            records.put(name, stored);
            byFqdn.computeIfAbsent(name.fqdn(), f -> new TreeMap<>()).put(stored.record().version(), stored);
            if (head == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
                names = Arrays.copyOf(names, names.length * 2);
                previous = Arrays.copyOf(previous, previous.length * 2);
            }
            Long before = lastPosition.put(name, cursor);
            previous[(int) head] = before == null ? 0 : before;
            offsets[(int) head] = offset;
            names[(int) head] = name;
            head = cursor;
            end = offset + frameLength;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Nullable StoredAgent get(AgentName name) {
        lock.readLock().lock();
        try {
            return records.get(name);
        } finally {
            lock.readLock().unlock();
        }
    }

    List<StoredAgent> versions(String fqdn) {
        lock.readLock().lock();
        try {
            TreeMap<Version, StoredAgent> versions = byFqdn.get(fqdn);
            return versions == null ? List.of() : List.copyOf(versions.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns where the changes after {@code position} lie, at most {@code limit} of them. */
    List<Slot> slotsAfter(long position, int limit) {
        lock.readLock().lock();
        try {
            long from = Math.min(position, head);
            int n = (int) Math.min(limit, head - from);
            List<Slot> slots = new ArrayList<>(n);
            for (int i = (int) from; i < from + n; i++) {
                long next = i + 1 < head ? offsets[i + 1] : end;
                slots.add(new Slot(offsets[i], (int) (next - offsets[i]), names[i], previous[i]));
            }
            return slots;
        } finally {
            lock.readLock().unlock();
        }
    }

    long head() {
        lock.readLock().lock();
        try {
            return head;
        } finally {
            lock.readLock().unlock();
        }
    }

    long count() {
        lock.readLock().lock();
        try {
            return records.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    List<StoredAgent> snapshot() {
        lock.readLock().lock();
        try {
            return List.copyOf(records.values());
        } finally {
            lock.readLock().unlock();
        }
    }
}
