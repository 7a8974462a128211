package dev.acf.api.session;

import java.util.List;
import java.util.Optional;

/**
 * Keeps the streamed events and checkpoints of sessions so that a client can resume a
 * stream (GW-SESS-1), a replica can take a task over (GW-SESS-2), and several gateway
 * instances can share sessions (GW-SCALE-1). The embedded default is bounded and in
 * memory (optionally file-backed); a JDBC implementation serves many gateway nodes.
 *
 * <p>Thread-safe. {@link #append} assigns sequence numbers without gaps per session, also
 * across gateway instances sharing a store. Retention (by age or count) may drop old
 * events; {@link #eventsAfter} then starts at the oldest kept.
 *
 * <pre>{@code
 * SessionEvent e = store.append("task-42", "message", json);
 * List<SessionEvent> missed = store.eventsAfter("task-42", lastSeenSequence, 100);
 * }</pre>
 */
public interface SessionStore extends AutoCloseable {

    /** Stores an event and returns it with its sequence number. */
    SessionEvent append(String sessionId, String type, String data);

    /** Returns up to {@code limit} events with a sequence greater than {@code afterSequence}, in order. */
    List<SessionEvent> eventsAfter(String sessionId, long afterSequence, int limit);

    /**
     * Stores a checkpoint if its sequence is higher than the stored one.
     *
     * @return false when a newer checkpoint was already stored (the write is dropped)
     */
    boolean checkpoint(Checkpoint checkpoint);

    /** Returns the newest checkpoint of a task. */
    Optional<Checkpoint> lastCheckpoint(String taskId);

    /** Forgets a session's events and checkpoints (the task finished). */
    void remove(String sessionId);

    /** Releases resources; idempotent. */
    @Override
    void close();
}
