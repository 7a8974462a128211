package dev.acf.api.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One streamed event of a session (an A2A context or task), numbered by the gateway so a
 * client that reconnects with {@code Last-Event-ID} gets exactly the events it missed
 * (GW-SESS-1).
 *
 * @param sessionId the session (A2A task or context id)
 * @param sequence the event's number within the session, from 1, strictly increasing
 * @param type the SSE event type, such as {@code message}
 * @param data the event's data, as sent on the wire (JSON text)
 * @param time when the gateway stored it
 */
public record SessionEvent(String sessionId, long sequence, String type, String data, Instant time) {

    /** Requires every field and a positive sequence. */
    public SessionEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(time, "time");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1, was " + sequence);
        }
    }

    /** Returns the SSE {@code id} of this event: {@code <sessionId>:<sequence>}. */
    public String eventId() {
        return sessionId + ":" + sequence;
    }
}
