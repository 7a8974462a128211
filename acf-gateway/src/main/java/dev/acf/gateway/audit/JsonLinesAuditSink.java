package dev.acf.gateway.audit;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.json.AcfJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link AuditSink}: one JSON object per line ({@link AcfJson}) appended to
 * {@code <dir>/audit.jsonl}. When the file would grow past {@link Builder#maxFileBytes} it is
 * rotated: {@code audit.jsonl} becomes {@code audit-1.jsonl}, {@code audit-1} becomes
 * {@code audit-2}... and the oldest beyond {@link Builder#maxFiles} is deleted.
 *
 * <p>{@link #accept} only offers the event to a bounded queue: it never blocks and never
 * throws, so it is safe on an event loop. When the queue is full the event is dropped and
 * counted ({@link #dropped()}); a single writer thread serializes, writes in batches and
 * flushes whenever the queue runs empty. {@link #close()} writes what is queued, then flushes
 * and fsyncs. Thread-safe.
 *
 * <pre>{@code
 * try (JsonLinesAuditSink sink = JsonLinesAuditSink.builder(Path.of("audit")).maxFileBytes(64 << 20).build()) {
 *     sink.accept(AuditEvent.builder("a2a.call").source("ans://v1.0.0.probe.ops.example.net").status(200).build());
 * }
 * }</pre>
 */
public final class JsonLinesAuditSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditSink.class);
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int DRAIN_CHUNK = 256;
    /**
     * After a batch the writer sleeps this long before taking the next, instead of waiting on the
     * queue: under load each event would otherwise wake it (a futex call on the request's thread)
     * and each short batch cost a write call. Events reach the file within a few milliseconds.
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path directory;
    private final String baseName;
    private final long maxFileBytes;
    private final int maxFiles;
    private final BlockingQueue<AuditEvent> queue;
    private final LongAdder dropped = new LongAdder();
    /** The writer's chunk of events taken from the queue at once. */
    private final List<AuditEvent> taken = new ArrayList<>(DRAIN_CHUNK);
    private final LongAdder written = new LongAdder();
    private final Thread writer;
    private final Batch buffer = new Batch(BATCH_BYTES);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private volatile boolean closed;
    private @Nullable FileChannel channel;
    private long size;
    private int buffered;
    private long droppedReported;

    private JsonLinesAuditSink(Builder b) {
        this.directory = b.directory;
        this.baseName = b.baseName;
        this.maxFileBytes = b.maxFileBytes;
        this.maxFiles = b.maxFiles;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        try {
            Files.createDirectories(directory);
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit file in " + directory + ": " + e.getMessage(), e);
        }
        this.writer = new Thread(this::run, "acf-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Returns a builder writing into this directory (created if missing). */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Queues the event; drops and counts it when the queue is full or the sink closed. Never blocks or throws. */
    @Override
    public void accept(AuditEvent event) {
        if (event == null || closed || !queue.offer(event)) {
            dropped.increment();
        }
    }

    /** Returns how many events were dropped (queue full, sink closed, or a write failed). */
    public long dropped() {
        return dropped.sum();
    }

    /** Returns how many events were handed to the file. */
    public long written() {
        return written.sum();
    }

    /** Returns the file events are appended to now. */
    public Path currentFile() {
        return directory.resolve(baseName + ".jsonl");
    }

    /** Returns the n-th rotated file (1 is the most recent); it may not exist. */
    public Path rotatedFile(int n) {
        return directory.resolve(baseName + "-" + n + ".jsonl");
    }

    private void run() {
        try {
            while (true) {
                AuditEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
                if (event == null) {
                    if (closed) {
                        break;
                    }
                    reportDrops();
                    continue;
                }
                write(event);
                // Taken in chunks, one lock each: the event loops offering to the queue wait less for it.
                while (buffer.size() < BATCH_BYTES && queue.drainTo(taken, DRAIN_CHUNK) > 0) {
                    for (AuditEvent e : taken) {
                        write(e);
                    }
                    taken.clear();
                }
                drain();
                if (!closed) {
                    LockSupport.parkNanos(LINGER_NANOS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            AuditEvent rest;
            while ((rest = queue.poll()) != null) {
                write(rest);
            }
            drain();
            closeFile();
            reportDrops();
        }
    }

    private void write(AuditEvent event) {
        line.reset();
        try {
            AuditLines.write(event, line);
        } catch (IOException | RuntimeException e) {
            LOG.warn("audit event {} cannot be serialized; dropped", event.type(), e);
            dropped.increment();
            return;
        }
        if (size + buffer.size() + line.size() + 1 > maxFileBytes && size + buffer.size() > 0) {
            drain();
            rotate();
        }
        try {
            line.writeTo(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // one byte array into another: never happens
        }
        buffer.write('\n');
        buffered++;
    }

    /** Writes the buffered lines to the file. */
    private void drain() {
        if (buffer.size() == 0) {
            return;
        }
        int pendingEvents = buffered;
        try {
            FileChannel ch = channel != null ? channel : open();
            ByteBuffer bytes = buffer.view();
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            size += buffer.size();
            written.add(pendingEvents);
        } catch (IOException e) {
            LOG.error("cannot write the audit file {}: {}; {} events dropped", currentFile(), e.toString(), pendingEvents);
            dropped.add(pendingEvents);
            closeQuietly();
        } finally {
            buffer.reset();
            buffered = 0;
        }
    }

    private FileChannel open() throws IOException {
        FileChannel ch = FileChannel.open(currentFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = ch.size();
        channel = ch;
        return ch;
    }

    private void rotate() {
        closeFile();
        try {
            Files.deleteIfExists(rotatedFile(maxFiles));
            for (int i = maxFiles - 1; i >= 1; i--) {
                if (Files.exists(rotatedFile(i))) {
                    Files.move(rotatedFile(i), rotatedFile(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(currentFile(), rotatedFile(1), StandardCopyOption.REPLACE_EXISTING);
            open();
        } catch (IOException e) {
            LOG.error("cannot rotate the audit file {}: {}", currentFile(), e.toString());
        }
    }

    private void closeFile() {
        FileChannel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.force(true);
        } catch (IOException e) {
            LOG.warn("cannot fsync the audit file {}: {}", currentFile(), e.toString());
        }
        closeQuietly();
    }

    private void closeQuietly() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing the audit file failed", e);
            }
        }
    }

    private void reportDrops() {
        long now = dropped.sum();
        if (now > droppedReported) {
            LOG.warn("{} audit events dropped so far (queue full or write failures)", now);
            droppedReported = now;
        }
    }

    /** Stops accepting, writes what is queued, flushes and fsyncs the file. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Configures a {@link JsonLinesAuditSink}; not thread-safe.
     *
     * <pre>{@code
     * JsonLinesAuditSink sink = JsonLinesAuditSink.builder(dir).maxFiles(5).queueCapacity(100_000).build();
     * }</pre>
     */
    public static final class Builder {
        private final Path directory;
        private String baseName = "audit";
        private long maxFileBytes = 64L * 1024 * 1024;
        private int maxFiles = 10;
        private int queueCapacity = 65_536;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Sets the file name before {@code .jsonl} (default {@code audit}). */
        public Builder baseName(String value) {
            Objects.requireNonNull(value, "value");
            if (value.isBlank() || value.contains("/") || value.contains("\\")) {
                throw new IllegalArgumentException("audit file base name must be a plain file name, was '" + value + "'");
            }
            this.baseName = value;
            return this;
        }

        /** Sets the size at which the file is rotated (default 64 MiB). */
        public Builder maxFileBytes(long value) {
            if (value < 1024) {
                throw new IllegalArgumentException("maxFileBytes must be at least 1024, was " + value);
            }
            this.maxFileBytes = value;
            return this;
        }

        /** Sets how many rotated files are kept (default 10). */
        public Builder maxFiles(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxFiles must be positive, was " + value);
            }
            this.maxFiles = value;
            return this;
        }

        /** Sets how many events may wait for the writer before new ones are dropped (default 65,536). */
        public Builder queueCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("queueCapacity must be positive, was " + value);
            }
            this.queueCapacity = value;
            return this;
        }

        /**
         * Opens (or appends to) the file and starts the writer thread.
         *
         * @throws UncheckedIOException when the directory or file cannot be created
         */
        public JsonLinesAuditSink build() {
            return new JsonLinesAuditSink(this);
        }
    }

    /** The lines of a batch, written to the file from the buffer itself (no copy per batch). */
    private static final class Batch extends ByteArrayOutputStream {
        Batch(int size) {
            super(size);
        }

        /** Returns the buffered bytes; valid until the next write or reset. */
        ByteBuffer view() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}
