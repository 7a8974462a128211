package dev.acf.api.session;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A task's saved state (GW-SESS-2, CLI-4): opaque bytes the agent wrote with a sequence
 * number, so a replica that takes the task over resumes from here and can skip work it
 * already did.
 *
 * @param taskId the A2A task id
 * @param sequence the checkpoint's number for the task, strictly increasing
 * @param state the agent's opaque state
 * @param time when it was stored
 */
public record Checkpoint(String taskId, long sequence, byte[] state, Instant time) {

    /** Copies the state and requires a positive sequence. */
    public Checkpoint {
        Objects.requireNonNull(taskId, "taskId");
        state = Objects.requireNonNull(state, "state").clone();
        Objects.requireNonNull(time, "time");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1, was " + sequence);
        }
    }

    /** Returns a copy of the state. */
    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint c && taskId.equals(c.taskId) && sequence == c.sequence
                && Arrays.equals(state, c.state) && time.equals(c.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(taskId, sequence, Arrays.hashCode(state), time);
    }

    @Override
    public String toString() {
        return "Checkpoint[task=" + taskId + ", sequence=" + sequence + ", " + state.length + " bytes, time=" + time + "]";
    }
}
