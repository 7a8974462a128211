package dev.acf.gateway.session;

import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionEvent;
import dev.acf.api.session.SessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link SessionStore}: sessions in memory, bounded three ways, and optionally kept
 * in an append-only file in a directory so they survive a gateway restart.
 *
 * <ul>
 *   <li>per session, the newest {@code maxEventsPerSession} events are kept;
 *   <li>an event older than {@code maxAge} is dropped, and so is a session untouched for that long
 *       (its checkpoint and context link with it);
 *   <li>all events together stay under {@code maxBytes} (the oldest go first), and at most
 *       {@code maxSessions} sessions are kept (the least recently used goes first).
 * </ul>
 *
 * <p>Sequence numbers stay gap-free when events are dropped: a session's counter lives as long as
 * the session. The file, {@code sessions.log}, holds one JSON object per line (see
 * {@code sessions.md}); it is compacted when opened and when it outgrows four times the live data.
 * A line torn by a crash is skipped on opening. Writes reach the operating system before a call
 * returns (a killed process loses nothing); with {@code fsync} they also reach the disk.
 *
 * <p>Thread-safe: one lock around memory and file. Calls may block on the file; keep them off
 * event loops.
 *
 * <pre>{@code
 * SessionStore store = EmbeddedSessionStore.builder()
 *         .directory(Path.of("gateway-data"))     // omit to keep sessions in memory only
 *         .maxEventsPerSession(1000)
 *         .maxAge(Duration.ofHours(1))
 *         .build();
 * }</pre>
 */
public final class EmbeddedSessionStore implements SessionStore {
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final SessionMemory memory;
    private final @Nullable SessionLog log;
    private boolean closed;

    private EmbeddedSessionStore(Builder b) {
        this.clock = b.clock;
        this.memory = new SessionMemory(b.maxEventsPerSession, b.maxAge.toMillis(), b.maxBytes, b.maxSessions, b.clock);
        if (b.directory != null) {
            SessionLog opened = new SessionLog(b.directory, b.fsync);
            opened.replay(memory);
            memory.evict(clock.millis());
            opened.compact(memory::snapshot);
            this.log = opened;
        } else {
            this.log = null;
        }
    }

    /** Returns a builder with the defaults: 1,000 events per session, 1 hour, 64 MiB, 10,000 sessions, memory only. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SessionEvent append(String sessionId, String type, String data) {
        Objects.requireNonNull(sessionId, "sessionId");
        lock.lock();
        try {
            checkOpen();
            SessionEvent event = new SessionEvent(sessionId, memory.next(sessionId), type, data, clock.instant());
            if (log != null) {
                log.event(event);
            }
            memory.keep(event);
            memory.evict(clock.millis());
            compactIfLarge();
            return event;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<SessionEvent> eventsAfter(String sessionId, long afterSequence, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        lock.lock();
        try {
            checkOpen();
            memory.evict(clock.millis());
            return memory.eventsAfter(sessionId, afterSequence, limit);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<SessionEvent> lastEvent(String sessionId) {
        lock.lock();
        try {
            checkOpen();
            memory.evict(clock.millis());
            return Optional.ofNullable(memory.last(sessionId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean checkpoint(Checkpoint checkpoint) {
        lock.lock();
        try {
            checkOpen();
            Checkpoint kept = memory.checkpointOf(checkpoint.taskId());
            if (kept != null && kept.sequence() >= checkpoint.sequence()) {
                return false;
            }
            if (log != null) {
                log.checkpoint(checkpoint);
            }
            memory.storeCheckpoint(checkpoint);
            memory.evict(clock.millis());
            compactIfLarge();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Checkpoint> lastCheckpoint(String taskId) {
        lock.lock();
        try {
            checkOpen();
            memory.evict(clock.millis());
            return Optional.ofNullable(memory.checkpointOf(taskId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void link(String contextId, String sessionId) {
        Objects.requireNonNull(contextId, "contextId");
        Objects.requireNonNull(sessionId, "sessionId");
        lock.lock();
        try {
            checkOpen();
            if (!memory.linked(contextId, sessionId)) {
                if (log != null) {
                    log.link(contextId, sessionId);
                }
                memory.linkInMemory(contextId, sessionId);
            }
            memory.evict(clock.millis());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> sessions(String contextId) {
        lock.lock();
        try {
            checkOpen();
            memory.evict(clock.millis());
            return memory.sessionsOf(contextId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void remove(String sessionId) {
        lock.lock();
        try {
            checkOpen();
            if (!memory.contains(sessionId)) {
                return;
            }
            if (log != null) {
                log.remove(sessionId);
            }
            memory.forget(sessionId);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of events kept, over all sessions. */
    public long size() {
        lock.lock();
        try {
            memory.evict(clock.millis());
            return memory.eventCount();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (log != null) {
                log.close();
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("session store closed");
        }
    }

    private void compactIfLarge() {
        if (log != null && log.size() > Math.max(SessionLog.MIN_COMPACT_BYTES, 4 * memory.bytes())) {
            log.compact(memory::snapshot);
        }
    }

    /** Configures an {@link EmbeddedSessionStore}; not thread-safe. */
    public static final class Builder {
        private int maxEventsPerSession = 1000;
        private Duration maxAge = Duration.ofHours(1);
        private long maxBytes = 64L * 1024 * 1024;
        private int maxSessions = 10_000;
        private @Nullable Path directory;
        private boolean fsync;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Keeps at most this many of each session's newest events; default 1,000. */
        public Builder maxEventsPerSession(int value) {
            maxEventsPerSession = positive(value, "maxEventsPerSession");
            return this;
        }

        /** Drops events older than this, and sessions untouched for this long; default 1 hour. */
        public Builder maxAge(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, was " + value);
            }
            maxAge = value;
            return this;
        }

        /** Keeps the events of all sessions under about this many bytes (characters); default 64 MiB. */
        public Builder maxBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive, was " + value);
            }
            maxBytes = value;
            return this;
        }

        /** Keeps at most this many sessions; default 10,000. */
        public Builder maxSessions(int value) {
            maxSessions = positive(value, "maxSessions");
            return this;
        }

        /** Keeps sessions in {@code sessions.log} in this directory (created if missing) across restarts; default: memory only. */
        public Builder directory(Path value) {
            directory = Objects.requireNonNull(value, "directory");
            return this;
        }

        /** Forces every write to the disk (survives a power loss, costs a sync per event); default false. */
        public Builder fsync(boolean value) {
            fsync = value;
            return this;
        }

        /** Sets the clock ages are measured with; default the system clock. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Returns the store, reading its file when a directory is set.
         *
         * @throws dev.acf.api.error.ConfigurationException when the directory cannot be used
         */
        public EmbeddedSessionStore build() {
            return new EmbeddedSessionStore(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
