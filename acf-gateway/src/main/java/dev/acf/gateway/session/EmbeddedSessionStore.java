package dev.acf.gateway.session;

import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionEvent;
import dev.acf.api.session.SessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    /** Approximate fixed cost of one kept event beyond its text, for the byte bound. */
    private static final int EVENT_OVERHEAD = 96;

    private final int maxEventsPerSession;
    private final long maxAgeMillis;
    private final long maxBytes;
    private final int maxSessions;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** In access order: the eldest entry is the least recently used session. */
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, LinkedHashSet<String>> contexts = new LinkedHashMap<>();
    /** Every kept event in the order it was appended, for the age and byte bounds; entries of dropped events go stale. */
    private final ArrayDeque<Kept> appended = new ArrayDeque<>();
    private long bytes;
    private long eventCount;
    private final @Nullable SessionLog log;
    private boolean closed;

    /** A session: its kept events (contiguous sequences), its counter, checkpoint and context. */
    static final class Session {
        final String id;
        final ArrayDeque<SessionEvent> events = new ArrayDeque<>();
        long next = 1;
        @Nullable Checkpoint checkpoint;
        @Nullable String contextId;
        long touched;
        boolean removed;

        Session(String id) {
            this.id = id;
        }
    }

    private record Kept(Session session, long sequence, long time, int size) {}

    private EmbeddedSessionStore(Builder b) {
        this.maxEventsPerSession = b.maxEventsPerSession;
        this.maxAgeMillis = b.maxAge.toMillis();
        this.maxBytes = b.maxBytes;
        this.maxSessions = b.maxSessions;
        this.clock = b.clock;
        if (b.directory != null) {
            SessionLog opened = new SessionLog(b.directory, b.fsync);
            opened.replay(new SessionLog.Replay() {
                @Override
                public void event(SessionEvent event) {
                    keep(event);
                }

                @Override
                public void counter(String sessionId, long next) {
                    Session s = session(sessionId, clock.millis());
                    s.next = Math.max(s.next, next);
                }

                @Override
                public void checkpoint(Checkpoint checkpoint) {
                    storeCheckpoint(checkpoint);
                }

                @Override
                public void link(String contextId, String sessionId) {
                    linkInMemory(contextId, sessionId);
                }

                @Override
                public void remove(String sessionId) {
                    forget(sessionId);
                }
            });
            evict(clock.millis());
            opened.compact(this::snapshot);
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
            long now = clock.millis();
            Session s = session(sessionId, now);
            SessionEvent event = new SessionEvent(sessionId, s.next, type, data, clock.instant());
            if (log != null) {
                log.event(event);
            }
            keep(event);
            evict(now);
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
            evict(clock.millis());
            Session s = sessions.get(sessionId);
            if (s == null || s.events.isEmpty()) {
                return List.of();
            }
            List<SessionEvent> out = new ArrayList<>(Math.min(limit, s.events.size()));
            long first = s.events.peekFirst().sequence();
            // Kept sequences are contiguous: skip straight to the first one wanted.
            long skip = Math.max(0, afterSequence - first + 1);
            Iterator<SessionEvent> it = s.events.iterator();
            for (long i = 0; i < skip && it.hasNext(); i++) {
                it.next();
            }
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next());
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<SessionEvent> lastEvent(String sessionId) {
        lock.lock();
        try {
            checkOpen();
            evict(clock.millis());
            Session s = sessions.get(sessionId);
            return s == null ? Optional.empty() : Optional.ofNullable(s.events.peekLast());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean checkpoint(Checkpoint checkpoint) {
        lock.lock();
        try {
            checkOpen();
            Session s = sessions.get(checkpoint.taskId());
            if (s != null && s.checkpoint != null && s.checkpoint.sequence() >= checkpoint.sequence()) {
                return false;
            }
            if (log != null) {
                log.checkpoint(checkpoint);
            }
            storeCheckpoint(checkpoint);
            evict(clock.millis());
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
            evict(clock.millis());
            Session s = sessions.get(taskId);
            return s == null ? Optional.empty() : Optional.ofNullable(s.checkpoint);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void link(String contextId, String sessionId) {
        Objects.requireNonNull(contextId, "contextId");
        lock.lock();
        try {
            checkOpen();
            Session s = sessions.get(sessionId);
            if (s != null && contextId.equals(s.contextId)) {
                s.touched = clock.millis();
                return;
            }
            if (log != null) {
                log.link(contextId, sessionId);
            }
            linkInMemory(contextId, sessionId);
            evict(clock.millis());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> sessions(String contextId) {
        lock.lock();
        try {
            checkOpen();
            evict(clock.millis());
            Set<String> tasks = contexts.get(contextId);
            return tasks == null ? List.of() : List.copyOf(tasks);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void remove(String sessionId) {
        lock.lock();
        try {
            checkOpen();
            if (!sessions.containsKey(sessionId)) {
                return;
            }
            if (log != null) {
                log.remove(sessionId);
            }
            forget(sessionId);
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of events kept, over all sessions. */
    public long size() {
        lock.lock();
        try {
            evict(clock.millis());
            return eventCount;
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

    private Session session(String id, long now) {
        Session s = sessions.get(id);
        if (s == null) {
            s = new Session(id);
            sessions.put(id, s);
        }
        s.touched = now;
        return s;
    }

    private void keep(SessionEvent event) {
        long time = event.time().toEpochMilli();
        Session s = session(event.sessionId(), Math.max(time, clock.millis() - maxAgeMillis));
        s.next = Math.max(s.next, event.sequence() + 1);
        s.events.addLast(event);
        int size = event.data().length() + event.type().length() + event.sessionId().length() + EVENT_OVERHEAD;
        appended.addLast(new Kept(s, event.sequence(), time, size));
        bytes += size;
        eventCount++;
        while (s.events.size() > maxEventsPerSession) {
            dropOldest(s);
        }
    }

    private void storeCheckpoint(Checkpoint checkpoint) {
        Session s = session(checkpoint.taskId(), clock.millis());
        if (s.checkpoint == null || s.checkpoint.sequence() < checkpoint.sequence()) {
            s.checkpoint = checkpoint;
        }
    }

    private void linkInMemory(String contextId, String sessionId) {
        Session s = session(sessionId, clock.millis());
        if (s.contextId != null && !s.contextId.equals(contextId)) {
            unlink(s);
        }
        s.contextId = contextId;
        contexts.computeIfAbsent(contextId, k -> new LinkedHashSet<>()).add(sessionId);
    }

    private void forget(String sessionId) {
        Session s = sessions.remove(sessionId);
        if (s != null) {
            release(s);
        }
    }

    /** Frees what a session no longer in the map held. */
    private void release(Session s) {
        s.removed = true;
        unlink(s);
        for (SessionEvent e : s.events) {
            bytes -= sizeOf(e);
            eventCount--;
        }
        s.events.clear();
    }

    private void unlink(Session s) {
        if (s.contextId != null) {
            Set<String> tasks = contexts.get(s.contextId);
            if (tasks != null) {
                tasks.remove(s.id);
                if (tasks.isEmpty()) {
                    contexts.remove(s.contextId);
                }
            }
        }
    }

    private static int sizeOf(SessionEvent e) {
        return e.data().length() + e.type().length() + e.sessionId().length() + EVENT_OVERHEAD;
    }

    private void dropOldest(Session s) {
        SessionEvent gone = s.events.pollFirst();
        if (gone != null) {
            bytes -= sizeOf(gone);
            eventCount--;
        }
    }

    /** Applies the age, byte and session bounds; entries of events dropped otherwise are skipped here. */
    private void evict(long now) {
        long oldest = now - maxAgeMillis;
        while (!appended.isEmpty()) {
            Kept head = appended.peekFirst();
            SessionEvent first = head.session.events.peekFirst();
            boolean live = first != null && first.sequence() == head.sequence && !head.session.removed;
            if (!live) {
                appended.pollFirst();
            } else if (head.time < oldest || bytes > maxBytes) {
                appended.pollFirst();
                dropOldest(head.session);
            } else {
                break;
            }
        }
        // Entries of events dropped by the per-session bound pile up behind live ones: rebuild now and then.
        if (appended.size() > 2 * eventCount + 1024) {
            appended.removeIf(k -> {
                SessionEvent first = k.session.events.peekFirst();
                return first == null || k.sequence < first.sequence() || k.session.removed;
            });
        }
        Iterator<Session> eldest = sessions.values().iterator();
        while (eldest.hasNext()) {
            Session s = eldest.next();
            boolean stale = s.touched < oldest && (s.events.isEmpty() || s.events.peekLast().time().toEpochMilli() < oldest);
            if (!stale && sessions.size() <= maxSessions) {
                break;
            }
            eldest.remove();
            release(s);
        }
    }

    private void compactIfLarge() {
        if (log != null && log.size() > Math.max(SessionLog.MIN_COMPACT_BYTES, 4 * bytes)) {
            log.compact(this::snapshot);
        }
    }

    /** Writes what is kept, in an order that rebuilds it: counters, events, checkpoints, links. */
    private void snapshot(SessionLog.Writer out) {
        // Access order would change while iterating with get(): iterate the values only.
        for (Session s : new ArrayList<>(sessions.values())) {
            out.counter(s.id, s.next);
            for (SessionEvent e : s.events) {
                out.event(e);
            }
            if (s.checkpoint != null) {
                out.checkpoint(s.checkpoint);
            }
        }
        for (Map.Entry<String, LinkedHashSet<String>> c : contexts.entrySet()) {
            for (String task : c.getValue()) {
                out.link(c.getKey(), task);
            }
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
