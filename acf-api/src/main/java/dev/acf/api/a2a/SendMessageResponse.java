package dev.acf.api.a2a;

import java.util.Objects;

/**
 * The JSON-RPC {@code result} of {@code SendMessage}.
 *
 * <p>v1.0 writes {@code {"task": {...}}} or {@code {"message": {...}}}; v0.3 writes the task
 * or message itself with its {@code kind}. Reading accepts both. Immutable and thread-safe.
 *
 * @param result the task or message
 */
public record SendMessageResponse(SendMessageResult result) {
    /** Validates the result is present. */
    public SendMessageResponse {
        Objects.requireNonNull(result, "result");
    }
}
