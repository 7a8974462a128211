package dev.acf.client;

import java.io.IOException;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads Server-Sent Events one at a time: {@code id} and {@code data} fields, comments and
 * other fields skipped, multi-line data joined by newlines. Not thread-safe.
 */
final class SseReader {
    /** One event; {@code id} is null when the event had none. */
    record Frame(@Nullable String id, String data) {}

    private static final long MAX_LINE = 16L << 20;
    private final BufferedSource source;

    SseReader(BufferedSource source) {
        this.source = source;
    }

    /** Returns the next event with data, or null at the end of the stream. */
    @Nullable Frame next() throws IOException {
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String id = null;
        while (!source.exhausted()) {
            String line = source.readUtf8LineStrict(MAX_LINE);
            if (line.isEmpty()) {
                if (hasData) {
                    return new Frame(id, data.toString());
                }
                id = null;
            } else if (line.startsWith("data:")) {
                if (hasData) {
                    data.append('\n');
                }
                data.append(field(line, 5));
                hasData = true;
            } else if (line.startsWith("id:")) {
                id = field(line, 3);
            }
        }
        return null;
    }

    private static String field(String line, int start) {
        return line.startsWith(" ", start) ? line.substring(start + 1) : line.substring(start);
    }
}
