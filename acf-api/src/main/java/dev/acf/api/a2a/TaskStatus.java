package dev.acf.api.a2a;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of a task at a moment, with an optional message from the agent. Immutable and
 * thread-safe.
 *
 * @param state the state
 * @param message a message about the state, such as the question of an input-required task
 * @param timestamp when the state was recorded (written as ISO-8601)
 */
public record TaskStatus(TaskState state, @Nullable Message message, @Nullable Instant timestamp) {
    /** Validates the state is present. */
    public TaskStatus {
        Objects.requireNonNull(state, "state");
    }

    /** Returns a status with just a state. */
    public static TaskStatus of(TaskState state) {
        return new TaskStatus(state, null, null);
    }
}
