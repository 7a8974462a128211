package dev.acf.api.a2a;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Options of a {@code SendMessage} call. Immutable and thread-safe.
 *
 * <p>v1.0's {@code returnImmediately} is the negation of v0.3's {@code blocking}. A v0.3
 * request without {@code blocking} is non-blocking, so it reads as
 * {@code returnImmediately = true}; a v1.0 request without {@code returnImmediately} waits.
 *
 * @param acceptedOutputModes the media types the client accepts in the answer
 * @param pushNotificationConfig the webhook to notify of the task's updates
 * @param historyLength how many recent history messages to return; {@code null} for no limit
 * @param returnImmediately whether to answer as soon as the task exists instead of waiting for
 *     a terminal or interrupted state
 */
public record SendMessageConfiguration(
        List<String> acceptedOutputModes,
        @Nullable TaskPushNotificationConfig pushNotificationConfig,
        @Nullable Integer historyLength,
        boolean returnImmediately) {

    /** Validates and copies the components. */
    public SendMessageConfiguration {
        acceptedOutputModes = Copies.list(acceptedOutputModes, "acceptedOutputModes");
        if (historyLength != null && historyLength < 0) {
            throw new IllegalArgumentException("historyLength must not be negative, was " + historyLength);
        }
    }
}
