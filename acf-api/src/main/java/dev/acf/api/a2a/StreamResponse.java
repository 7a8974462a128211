package dev.acf.api.a2a;

import java.util.Objects;

/**
 * One event of a stream, as the JSON-RPC {@code result} of an SSE frame.
 *
 * <p>v1.0 writes {@code {"task"|"message"|"statusUpdate"|"artifactUpdate": {...}}}; v0.3
 * writes the event itself with its {@code kind}. Reading accepts both. Immutable and
 * thread-safe.
 *
 * @param event the event
 */
public record StreamResponse(StreamEvent event) {
    /** Validates the event is present. */
    public StreamResponse {
        Objects.requireNonNull(event, "event");
    }
}
