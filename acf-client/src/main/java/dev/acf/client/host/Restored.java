package dev.acf.client.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The checkpoint a task was handed over with (GW-SESS-2, CLI-4): the serving instance of the
 * agent died, and the gateway re-sent the task's request to this one with the task's last
 * checkpoint. {@link TaskContext#restored()} returns it; the handler continues from
 * {@link #state()} and the host numbers the task's next event {@link #sequence()} + 1.
 *
 * <p>Work done after the checkpoint is done again (at-least-once): key side effects that must not
 * happen twice by {@link TaskContext#taskId()} and the step, and stream again the events that
 * followed the checkpoint, in the same order; the gateway drops those the caller already has.
 *
 * <pre>{@code
 * int next = ctx.restored().filter(Restored::hasCheckpoint).map(r -> Integer.parseInt(r.stateAsText())).orElse(1);
 * }</pre>
 *
 * @param sequence the checkpoint's sequence: the {@code acf.seq} of the checkpoint event; 0 when
 *     the task had no checkpoint yet (start over, keeping the task's ids)
 * @param state the state given to {@link TaskContext#checkpoint(byte[])}; empty when {@code sequence} is 0
 * @param delivered the highest {@code acf.seq} the caller had received (advisory: the gateway drops
 *     what the caller has anyway)
 */
public record Restored(long sequence, byte[] state, long delivered) {

    /** Validates and copies the state. */
    public Restored {
        if (sequence < 0 || delivered < 0) {
            throw new IllegalArgumentException("sequence and delivered must not be negative, were " + sequence + " and " + delivered);
        }
        state = state.clone();
    }

    /** Returns a copy of the checkpointed state. */
    @Override
    public byte[] state() {
        return state.clone();
    }

    /** Returns the state as UTF-8 text. */
    public String stateAsText() {
        return new String(state, StandardCharsets.UTF_8);
    }

    /**
     * Returns the state as JSON, as {@link TaskContext#checkpoint(JsonNode)} wrote it.
     *
     * @throws dev.acf.api.error.ValidationException when the state is not JSON
     */
    public JsonNode stateAsJson() {
        return AcfJson.readTree(state);
    }

    /** Returns whether a checkpoint was restored, rather than the task started over ({@code sequence} 0). */
    public boolean hasCheckpoint() {
        return sequence > 0;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Restored r && r.sequence == sequence && r.delivered == delivered && Arrays.equals(r.state, state);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
        return "Restored[sequence=" + sequence + ", " + state.length + " bytes, delivered=" + delivered + "]";
    }
}
