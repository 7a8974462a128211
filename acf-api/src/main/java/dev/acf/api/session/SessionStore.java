package dev.acf.api.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the streamed events and checkpoints of sessions so that a client can resume a
 * stream (GW-SESS-1), a replica can take a task over (GW-SESS-2), and several gateway
 * instances can share sessions (GW-SCALE-1). The embedded default is bounded and in
 * memory (optionally file-backed); a JDBC implementation serves many gateway nodes.
 *
 * <p>A session is one A2A task, named by its task id; the tasks of one A2A context (the agents
 * that joined a conversation) are {@linkplain #link linked} to it and listed with
 * {@link #sessions}.
 *
 * <p>Thread-safe. {@link #append} assigns sequence numbers without gaps per session, also
 * across gateway instances sharing a store. Retention (by age or count) may drop old
 * events; {@link #eventsAfter} then starts at the oldest kept. Calls may block on I/O (a
 * file, a database): callers keep them off event loops.
 *
 * <pre>{@code
 * SessionEvent e = store.append("task-42", "message", json);
 * List<SessionEvent> missed = store.eventsAfter("task-42", lastSeenSequence, 100);
 * }</pre>
 */
public interface SessionStore extends AutoCloseable {

    /** Stores an event and returns it with its sequence number. */
    SessionEvent append(String sessionId, String type, String data);

    /**
     * Returns up to {@code limit} events with a sequence greater than {@code afterSequence}, in order;
     * empty for an unknown session.
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<SessionEvent> eventsAfter(String sessionId, long afterSequence, int limit);

    /**
     * Waits until the session has an event after {@code afterSequence}, or {@code timeout} passed;
     * returns whether it has one. A store shared by several gateway instances overrides this to
     * wake on appends made by any of them (GW-SCALE-1), so a client resumed on one instance
     * follows a task relayed by another. The default does not wait: it answers at once from
     * {@link #eventsAfter}, and callers rely on their own signals for appends made through them.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    default boolean awaitAppend(String sessionId, long afterSequence, Duration timeout) throws InterruptedException {
        return !eventsAfter(sessionId, afterSequence, 1).isEmpty();
    }

    /** Returns the newest event of a session, if it has one kept. */
    Optional<SessionEvent> lastEvent(String sessionId);

    /** Records that a session (a task) belongs to an A2A context; linking it again changes nothing. */
    void link(String contextId, String sessionId);

    /** Returns the sessions linked to a context, in the order they were first linked; empty for an unknown context. */
    List<String> sessions(String contextId);

    /**
     * Stores a checkpoint if its sequence is higher than the stored one.
     *
     * @return false when a newer checkpoint was already stored (the write is dropped)
     */
    boolean checkpoint(Checkpoint checkpoint);

    /** Returns the newest checkpoint of a task. */
    Optional<Checkpoint> lastCheckpoint(String taskId);

    /** Forgets a session's events, checkpoints and context link (the task finished and was read). */
    void remove(String sessionId);

    /** Releases resources; idempotent. */
    @Override
    void close();
}
