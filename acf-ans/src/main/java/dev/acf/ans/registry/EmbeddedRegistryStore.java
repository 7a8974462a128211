package dev.acf.ans.registry;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The default {@link RegistryStore}: durable files under one directory, no external service
 * (ANS-REG-3). <b>An acknowledged {@link #put} is never lost</b>, neither by {@code kill -9} nor
 * by a power cut: {@code put} returns only after its change is fsync'd.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>One append-only log</b> ({@code registry.log}): each entry is one {@link Change}
 *       (cursor, type, revision, time, record) as JSON in a frame with a length and a CRC32C.
 *       The log is the whole truth; there is nothing else to keep consistent with it.</li>
 *   <li><b>Group commit</b>: a single writer thread writes everything queued and fsyncs once
 *       for the batch, so concurrent puts share fsyncs (thousands of puts per second with a few
 *       threads; one thread is bounded by the disk's fsync latency).</li>
 *   <li><b>Recovery</b>: opening replays the log into memory. A torn or damaged tail (a crash
 *       in the middle of a batch, which no caller was told succeeded) is found by length and
 *       CRC and cut off with a WARN. Replay never steps over a damaged entry to read later ones,
 *       so the feed never has a hole; if valid entries do follow the damage, they are copied to
 *       {@code registry.log.discarded-<offset>} and an ERROR is logged.</li>
 *   <li><b>One process per directory</b>: {@code registry.lock} is held with an OS file lock;
 *       a second open, from this or another process, fails with a {@link ConfigurationException}.
 *       The OS releases the lock when a process dies, so a killed node restarts cleanly.</li>
 * </ul>
 * Optimistic concurrency is checked against the newest revision including writes still
 * waiting for their fsync; reads ({@link #find}, {@link #changesSince}...) see only durable
 * writes, so nobody acts on a write that a crash could take back.
 *
 * <h2>Costs</h2>
 * Every record's current revision is held in memory (a few KiB each: fine up to about
 * 10^5-10^6 records), plus 8 bytes per change for the feed's offsets; changes themselves are
 * read back from the file. The log grows by one entry per put and is never compacted: it is
 * the full change history that the feed serves from {@link Cursor#START}, so its size is the
 * sum of all written records (a million puts of 2 KiB records is about 2 GiB), and opening
 * time grows with it (replay reads the whole file).
 *
 * <p>Thread-safe; {@link #close()} waits for queued writes, is idempotent, and releases the
 * directory.
 *
 * <pre>{@code
 * try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(Path.of("ans-data/registry"))) {
 *     Revision r = store.put(record, Revision.NONE);   // durable when it returns
 * }
 * }</pre>
 */
public final class EmbeddedRegistryStore implements RegistryStore {
    private final Clock clock;
    private final RegistryLog log;
    private final RegistryIndex index;
    private final GroupCommitWriter writer;
    /** Guards {@link #latest} and {@link #lastCursor}: cursors are assigned in queue order. */
    private final ReentrantLock sequencer = new ReentrantLock();
    /** The newest revision of each record, including writes not yet durable. */
    private final Map<AgentName, Revision> latest = new HashMap<>();
    private long lastCursor;
    private volatile boolean closed;

    private EmbeddedRegistryStore(Clock clock, RegistryLog log, RegistryIndex index) {
        this.clock = clock;
        this.log = log;
        this.index = index;
        for (StoredAgent stored : index.snapshot()) {
            latest.put(stored.record().name(), stored.revision());
        }
        this.lastCursor = index.head();
        this.writer = new GroupCommitWriter(log, index);
    }

    /**
     * Opens the registry in {@code directory}, creating it when missing, and replays its log.
     *
     * @throws ConfigurationException when the directory is in use by another store, cannot be
     *     created or read, or holds a log that is not an ACF registry log
     */
    public static EmbeddedRegistryStore open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    /** Opens the registry in {@code directory}, timing changes by {@code clock}; see {@link #open(Path)}. */
    public static EmbeddedRegistryStore open(Path directory, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        RegistryIndex index = new RegistryIndex();
        RegistryLog log = RegistryLog.open(directory, (offset, length, payload) -> {
            LogEntry entry;
            try {
                entry = LogEntry.decode(payload);
            } catch (AcfException e) {
                throw new ConfigurationException(ErrorCode.CONFIGURATION, "registry log in " + directory
                        + " has an entry at offset " + offset + " with a valid checksum that cannot be read: " + e.getMessage(), e);
            }
            StoredAgent previous = index.get(entry.record().name());
            long expectedRevision = previous == null ? 1 : previous.revision().value() + 1;
            if (entry.cursor() != index.head() + 1 || entry.revision() != expectedRevision) {
                throw new ConfigurationException("registry log in " + directory + " is inconsistent at offset " + offset
                        + ": entry " + entry.cursor() + " (revision " + entry.revision() + ") follows change " + index.head()
                        + " (expected revision " + expectedRevision + "); refusing to open it");
            }
            index.apply(entry.cursor(), new StoredAgent(entry.record(), new Revision(entry.revision())), offset, length);
        });
        return new EmbeddedRegistryStore(clock, log, index);
    }

    /** Returns the directory this store keeps its files in. */
    public Path directory() {
        return log.directory();
    }

    @Override
    public Optional<StoredAgent> find(AgentName name) {
        if (!name.hasVersion()) {
            throw new IllegalArgumentException("find needs a versioned name, was " + name + "; use versions()");
        }
        checkOpen();
        return Optional.ofNullable(index.get(name));
    }

    @Override
    public List<StoredAgent> versions(AgentName name) {
        checkOpen();
        return index.versions(name.fqdn());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns once the change is on disk (fsync'd). Blocks through interrupts, because the
     * write may already be durable; the thread's interrupt status is kept.
     *
     * @throws UnavailableException when the store is closed or its log cannot be written
     */
    @Override
    public Revision put(AgentRecord record, Revision expected) {
        Objects.requireNonNull(record, "record");
        return put(record, AcfJson.writeBytes(record), expected);
    }

    /**
     * Creates or updates a record as {@link #put(AgentRecord, Revision)} does, storing {@code recordJson}
     * as its JSON instead of encoding it again: for records received already encoded (and verified), such
     * as a peer's signed changes. The caller guarantees that {@code recordJson} decodes to {@code record}.
     */
    public Revision put(AgentRecord record, byte[] recordJson, Revision expected) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(recordJson, "recordJson");
        Objects.requireNonNull(expected, "expected");
        CompletableFuture<Void> done = new CompletableFuture<>();
        Revision revision;
        sequencer.lock();
        try {
            checkOpen();
            writer.checkUsable();
            Revision actual = latest.getOrDefault(record.name(), Revision.NONE);
            if (!actual.equals(expected)) {
                throw conflict(record.name(), actual, expected);
            }
            revision = actual.next();
            long cursor = lastCursor + 1;
            Change.Type type = actual.equals(Revision.NONE) ? Change.Type.CREATED : Change.Type.UPDATED;
            byte[] payload = LogEntry.encode(cursor, type, revision.value(), clock.instant(), recordJson);
            writer.enqueue(new GroupCommitWriter.Pending(cursor, new StoredAgent(record, revision), RegistryLog.frame(payload), done));
            lastCursor = cursor;
            latest.put(record.name(), revision);
        } finally {
            sequencer.unlock();
        }
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        return revision;
    }

    @Override
    public List<Change> changesSince(Cursor cursor, int limit) {
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        checkOpen();
        List<Change> changes = new ArrayList<>();
        try {
            for (RegistryIndex.Slot slot : index.slotsAfter(cursor.position(), limit)) {
                changes.add(LogEntry.decode(log.read(slot.offset(), slot.length())).toChange());
            }
        } catch (UncheckedIOException e) {
            if (closed) {
                throw new UnavailableException("the registry store in " + directory() + " is closed");
            }
            throw new UnavailableException(ErrorCode.UNAVAILABLE, e.getMessage(), e);
        }
        return List.copyOf(changes);
    }

    /**
     * One change as the log holds it: the record's JSON exactly as it was written, undecoded.
     *
     * @param position the change's position in the feed
     * @param name the agent version it wrote
     * @param revision the record's revision after it
     * @param time when the store accepted it
     * @param recordJson the record, as JSON
     * @param previous the position of the record's change before this one, 0 when this one created it
     */
    public record StoredChange(long position, AgentName name, long revision, Instant time, byte[] recordJson, long previous) {}

    /**
     * Returns up to {@code limit} changes after the cursor, oldest first, with each record's JSON as
     * stored rather than decoded: a feed that passes records on (the sync feed) serves the bytes
     * encoded once when the record was written, and tells a current change from a superseded one by
     * {@link #find} on the name. Same visibility as {@link #changesSince}.
     */
    public List<StoredChange> storedChangesSince(Cursor cursor, int limit) {
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        checkOpen();
        List<StoredChange> changes = new ArrayList<>();
        long position = cursor.position();
        try {
            for (RegistryIndex.Slot slot : index.slotsAfter(position, limit)) {
                LogEntry.Stored stored = LogEntry.split(log.read(slot.offset(), slot.length()));
                changes.add(new StoredChange(++position, slot.name(), stored.revision(), stored.time(), stored.recordJson(), slot.previous()));
            }
        } catch (UncheckedIOException e) {
            if (closed) {
                throw new UnavailableException("the registry store in " + directory() + " is closed");
            }
            throw new UnavailableException(ErrorCode.UNAVAILABLE, e.getMessage(), e);
        }
        return changes;
    }

    @Override
    public Cursor head() {
        checkOpen();
        return new Cursor(index.head());
    }

    @Override
    public long count() {
        checkOpen();
        return index.count();
    }

    /** {@inheritDoc} The stream is over an in-memory snapshot taken when this is called. */
    @Override
    public Stream<StoredAgent> scan() {
        checkOpen();
        return index.snapshot().stream();
    }

    /** Waits for queued writes to become durable, then closes the log and releases the directory. */
    @Override
    public void close() {
        sequencer.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            sequencer.unlock();
        }
        writer.close();
        log.close();
    }

    @Override
    public String toString() {
        return "EmbeddedRegistryStore[" + directory() + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new UnavailableException("the registry store in " + directory() + " is closed");
        }
    }

    static ConflictException conflict(AgentName name, Revision actual, Revision expected) {
        return new ConflictException(actual.equals(Revision.NONE)
                ? "agent " + name + " does not exist (expected revision " + expected.value() + ")"
                : expected.equals(Revision.NONE)
                        ? "agent " + name + " is already registered"
                        : "agent " + name + " is at revision " + actual.value() + ", not " + expected.value());
    }
}
