package dev.acf.api.gateway;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event of a {@code text/event-stream} body, as the streaming hooks see it
 * ({@link StreamListener#onEvent}). A {@code null} field was absent from the event's block;
 * fields other than these four are not kept. Parse a stream with {@link SseParser}, write an
 * event back with {@link #toWire()}. Immutable and thread-safe.
 *
 * <pre>{@code
 * SseEvent e = new SseEvent("7", "status-update", "{\"state\":\"working\"}", null);
 * byte[] wire = e.toWire(); // id: 7\nevent: status-update\ndata: {"state":"working"}\n\n
 * }</pre>
 *
 * @param id the {@code id} field, or {@code null}; no CR, LF or NUL
 * @param event the {@code event} field (the event type), or {@code null} for the default {@code message}; no CR or LF
 * @param data the {@code data} lines joined with {@code \n}, or {@code null} when the block had no {@code data}
 *     field (a client then dispatches nothing, but the id still counts)
 * @param retry the {@code retry} field in milliseconds, or {@code null}; not negative
 */
public record SseEvent(@Nullable String id, @Nullable String event, @Nullable String data, @Nullable Long retry) {

    /** Checks that every field can be written to the wire unchanged. */
    public SseEvent {
        if (id != null && (hasLineBreak(id) || id.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("SSE id must not contain CR, LF or NUL");
        }
        if (event != null && hasLineBreak(event)) {
            throw new IllegalArgumentException("SSE event type must not contain CR or LF");
        }
        if (retry != null && retry < 0) {
            throw new IllegalArgumentException("SSE retry must not be negative, was " + retry);
        }
    }

    /** Returns an unnamed event with only data. */
    public static SseEvent of(String data) {
        return new SseEvent(null, null, Objects.requireNonNull(data, "data"), null);
    }

    /** Returns a copy with other data. */
    public SseEvent withData(@Nullable String newData) {
        return new SseEvent(id, event, newData, retry);
    }

    /**
     * Returns the event in the wire format, UTF-8, ending with the blank line that dispatches it:
     * one {@code data:} line per line of {@link #data} (a CR, LF or CRLF in the data starts a new line).
     */
    public byte[] toWire() {
        StringBuilder out = new StringBuilder();
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            out.append("event: ").append(event).append('\n');
        }
        if (retry != null) {
            out.append("retry: ").append(retry).append('\n');
        }
        if (data != null) {
            int n = data.length();
            int start = 0;
            // One data line per line of the data; the end of the data closes the last one.
            for (int i = 0; i <= n; i++) {
                char c = i < n ? data.charAt(i) : '\n';
                if (c == '\r' || c == '\n') {
                    out.append("data: ").append(data, start, i).append('\n');
                    if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                        i++;
                    }
                    start = i + 1;
                }
            }
        }
        return out.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }
}
