package dev.acf.ans.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads a file's first {@code limit} bytes as lines ending in {@code '\n'}, without ever
 * holding more than one line of at most {@code maxLine} bytes: a tampered file with a huge
 * line must not exhaust memory. Not thread-safe.
 */
final class LineScanner implements AutoCloseable {

    /**
     * One line.
     *
     * @param bytes the line without its newline; null when it was longer than the maximum
     * @param end the offset just after the line (and its newline, if any)
     * @param complete whether the line ended with a newline
     */
    record Line(byte @Nullable [] bytes, long end, boolean complete) {}

    private final InputStream in;
    private final long limit;
    private final int maxLine;
    private long position;

    LineScanner(Path file, long limit, int maxLine) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        this.limit = limit;
        this.maxLine = maxLine;
    }

    /** Returns the next line, or null at the limit. */
    @Nullable Line next() throws IOException {
        if (position >= limit) {
            return null;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean tooLong = false;
        long start = position;
        while (position < limit) {
            int b = in.read();
            if (b < 0) {
                // The file is shorter than expected (cut while open): no further line.
                if (position == start) {
                    return null;
                }
                break;
            }
            position++;
            if (b == '\n') {
                return new Line(tooLong ? null : line.toByteArray(), position, true);
            }
            if (line.size() >= maxLine) {
                tooLong = true;
                line.reset();
            }
            if (!tooLong) {
                line.write(b);
            }
        }
        return new Line(tooLong ? null : line.toByteArray(), position, false);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
