package dev.acf.api.a2a;

import java.util.Map;
import java.util.Objects;

/**
 * A streamed change of a task's status.
 *
 * <p>v0.3 also writes {@code final} ("the end of the event stream"); v1.0 dropped it, so it is
 * derived when writing v0.3: {@code true} exactly when the state ends the caller's turn, terminal
 * or interrupted ({@code input-required}, {@code auth-required}), the events after which a
 * stream closes. v0.3 consumers that wait for {@code final} (the JavaScript SDK 0.3's event
 * queue, the Java SDK's client) then stop where the stream does. Immutable and thread-safe.
 *
 * @param taskId the task
 * @param contextId the task's conversation
 * @param status the new status
 * @param metadata the metadata, possibly empty
 */
public record TaskStatusUpdateEvent(String taskId, String contextId, TaskStatus status, Map<String, Object> metadata)
        implements StreamEvent {

    /** Validates and copies the components. */
    public TaskStatusUpdateEvent {
        Copies.id(taskId, "taskId");
        Objects.requireNonNull(contextId, "contextId");
        Objects.requireNonNull(status, "status");
        metadata = Copies.json(metadata);
    }

    /** Returns whether this is the last event of its stream in v0.3 terms: the state is terminal or interrupted. */
    public boolean isFinal() {
        return status.state().isTerminal() || status.state().isInterrupted();
    }
}
