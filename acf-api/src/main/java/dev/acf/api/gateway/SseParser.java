package dev.acf.api.gateway;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An incremental parser of the {@code text/event-stream} format (WHATWG HTML, "Server-sent
 * events"): feed it the body in chunks of any size, split anywhere (even inside a CRLF), and it
 * hands each complete event and each comment line to a {@link Sink} in stream order. Lines end
 * with CRLF, LF or CR; a leading UTF-8 BOM is skipped; a block of lines ended by a blank line is
 * one event; unknown fields and a non-numeric {@code retry} are ignored; a block without any
 * field (only comments) yields no event. Holds at most {@code maxEventBytes} of an unfinished
 * event. Not thread-safe: one parser per stream, fed by one thread at a time.
 *
 * <pre>{@code
 * List<SseEvent> events = new ArrayList<>();
 * SseParser parser = new SseParser(64 * 1024, events::add);
 * parser.feed(chunk, 0, chunk.length);
 * }</pre>
 */
public final class SseParser {

    /** Receives what the parser finds, in stream order, on the thread that calls {@link #feed}. */
    public interface Sink {
        /** A complete event (its block ended with a blank line). */
        void event(SseEvent event);

        /** A comment line, without its leading colon; used by servers as keep-alive. Ignored by default. */
        default void comment(String text) {}
    }

    private final int maxEventBytes;
    private final Sink sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private @Nullable String id;
    private @Nullable String event;
    private @Nullable Long retry;
    private boolean anyField;
    private boolean afterCr;
    private boolean firstLine = true;
    private long eventBytes;

    /**
     * Creates a parser.
     *
     * @param maxEventBytes the most bytes one event (its lines and line ends) may take
     */
    public SseParser(int maxEventBytes, Sink sink) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Feeds all of {@code bytes}. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * Feeds {@code length} bytes from {@code offset}, calling the sink for each event they complete.
     *
     * @throws LimitExceededException {@code payload_too_large} when an event grows beyond the limit;
     *     the parser is then unusable
     */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (b == '\n' && afterCr) {
                afterCr = false;
                i++;
                continue;
            }
            if (b == '\n' || b == '\r') {
                afterCr = b == '\r';
                count(1);
                endLine();
                i++;
                continue;
            }
            afterCr = false;
            // A line's bytes in one run: events of tens of kilobytes are common in A2A streams.
            int run = i;
            while (run < end && bytes[run] != '\n' && bytes[run] != '\r') {
                run++;
            }
            count(run - i);
            line.write(bytes, i, run - i);
            i = run;
        }
    }

    /** Returns true when no part of an event is held (the stream may end here without losing one). */
    public boolean idle() {
        return line.size() == 0 && !anyField;
    }

    private void count(int bytes) {
        eventBytes += bytes;
        if (eventBytes > maxEventBytes) {
            throw new LimitExceededException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "a server-sent event exceeds the limit of " + maxEventBytes + " bytes");
        }
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        firstLine = false;
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            if (!anyField) {
                // Keep-alive comments between events do not count against the next event.
                eventBytes = 0;
            }
            sink.comment(text.substring(1));
            return;
        }
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (name) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
                anyField = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                    anyField = true;
                }
            }
            case "event" -> {
                event = value;
                anyField = true;
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() < 19 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Long.parseLong(value);
                    anyField = true;
                }
            }
            default -> { }
        }
    }

    private void dispatch() {
        eventBytes = 0;
        if (!anyField) {
            return;
        }
        SseEvent complete = new SseEvent(id, event, hasData ? data.toString() : null, retry);
        data.setLength(0);
        hasData = false;
        id = null;
        event = null;
        retry = null;
        anyField = false;
        sink.event(complete);
    }
}
