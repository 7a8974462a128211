package dev.acf.gateway.session;

import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionEvent;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The memory of an {@link EmbeddedSessionStore}: sessions with their contiguous kept events,
 * counters, checkpoints and context links, and the bounds applied to them. Rebuilt from the log by
 * replaying it ({@link SessionLog.Replay}). Not thread-safe: the store's lock guards it.
 */
final class SessionMemory implements SessionLog.Replay {
    /** Approximate fixed cost of one kept event beyond its text, for the byte bound. */
    private static final int EVENT_OVERHEAD = 96;

    private final int maxEventsPerSession;
    private final long maxAgeMillis;
    private final long maxBytes;
    private final int maxSessions;
    private final Clock clock;
    /** In access order: the eldest entry is the least recently used session. */
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, LinkedHashSet<String>> contexts = new LinkedHashMap<>();
    /** Every kept event in the order it was appended, for the age and byte bounds; entries of dropped events go stale. */
    private final ArrayDeque<Kept> appended = new ArrayDeque<>();
    private long bytes;
    private long eventCount;

    /** A session: its kept events (contiguous sequences), its counter, checkpoint and context. */
    private static final class Session {
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

    private record Kept(Session session, long sequence, long time) {}

    SessionMemory(int maxEventsPerSession, long maxAgeMillis, long maxBytes, int maxSessions, Clock clock) {
        this.maxEventsPerSession = maxEventsPerSession;
        this.maxAgeMillis = maxAgeMillis;
        this.maxBytes = maxBytes;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /** Returns the sequence the session's next event gets. */
    long next(String sessionId) {
        Session s = sessions.get(sessionId);
        return s == null ? 1 : s.next;
    }

    List<SessionEvent> eventsAfter(String sessionId, long afterSequence, int limit) {
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
    }

    @Nullable SessionEvent last(String sessionId) {
        Session s = sessions.get(sessionId);
        return s == null ? null : s.events.peekLast();
    }

    @Nullable Checkpoint checkpointOf(String taskId) {
        Session s = sessions.get(taskId);
        return s == null ? null : s.checkpoint;
    }

    boolean contains(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    boolean linked(String contextId, String sessionId) {
        Set<String> tasks = contexts.get(contextId);
        return tasks != null && tasks.contains(sessionId);
    }

    List<String> sessionsOf(String contextId) {
        Set<String> tasks = contexts.get(contextId);
        return tasks == null ? List.of() : List.copyOf(tasks);
    }

    long eventCount() {
        return eventCount;
    }

    long bytes() {
        return bytes;
    }

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

    private Session session(String id, long now) {
        Session s = sessions.get(id);
        if (s == null) {
            s = new Session(id);
            sessions.put(id, s);
        }
        s.touched = now;
        return s;
    }

    void keep(SessionEvent event) {
        long time = event.time().toEpochMilli();
        Session s = session(event.sessionId(), Math.max(time, clock.millis() - maxAgeMillis));
        s.next = Math.max(s.next, event.sequence() + 1);
        s.events.addLast(event);
        appended.addLast(new Kept(s, event.sequence(), time));
        bytes += sizeOf(event);
        eventCount++;
        while (s.events.size() > maxEventsPerSession) {
            dropOldest(s);
        }
    }

    void storeCheckpoint(Checkpoint checkpoint) {
        Session s = session(checkpoint.taskId(), clock.millis());
        if (s.checkpoint == null || s.checkpoint.sequence() < checkpoint.sequence()) {
            s.checkpoint = checkpoint;
        }
    }

    void linkInMemory(String contextId, String sessionId) {
        Session s = session(sessionId, clock.millis());
        if (s.contextId != null && !s.contextId.equals(contextId)) {
            unlink(s);
        }
        s.contextId = contextId;
        contexts.computeIfAbsent(contextId, k -> new LinkedHashSet<>()).add(sessionId);
    }

    void forget(String sessionId) {
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
    void evict(long now) {
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

    /** Writes what is kept, in an order that rebuilds it: counters, events, checkpoints, links. */
    void snapshot(SessionLog.Writer out) {
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
}
