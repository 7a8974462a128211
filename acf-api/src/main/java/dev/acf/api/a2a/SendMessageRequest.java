package dev.acf.api.a2a;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of {@code SendMessage} and {@code SendStreamingMessage} (v0.3's
 * {@code MessageSendParams}). Immutable and thread-safe.
 *
 * @param tenant the tenant (v1.0 only)
 * @param message the message to send
 * @param configuration the options, if any
 * @param metadata the request's metadata, possibly empty
 */
public record SendMessageRequest(
        @Nullable String tenant,
        Message message,
        @Nullable SendMessageConfiguration configuration,
        Map<String, Object> metadata) {

    /** Validates and copies the components. */
    public SendMessageRequest {
        Objects.requireNonNull(message, "message");
        metadata = Copies.json(metadata);
    }

    /** Returns a request that just sends a message. */
    public static SendMessageRequest of(Message message) {
        return new SendMessageRequest(null, message, null, Map.of());
    }
}
