package dev.acf.ans.audit;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditSink} that appends gateway audit events to an {@link AuditLog} without
 * blocking the caller: {@link #accept} only offers the event to a bounded queue, and one
 * writer thread appends (and fsyncs) in arrival order. When the queue is full the event is
 * dropped, counted ({@link #dropped()}) and logged — the first drop and then every 1,000th.
 *
 * <p>An event becomes an entry with actor = source ({@code unknown} if absent), action =
 * type, target = destination, outcome = outcome, request hash = the {@code requestHash}
 * attribute when it is a SHA-256 hex, and details = the other attributes plus the event's
 * time, request id, method, task and context ids, status, latency and byte counts.
 *
 * <p>Thread-safe. {@link #close()} stops accepting, writes what is queued, and closes the log
 * only if this sink owns it.
 *
 * <pre>{@code
 * AuditLog log = AuditLog.open(dataDirectory);
 * try (AuditLogSink sink = new AuditLogSink(log, 10_000, false)) {
 *     gateway.auditSink(sink);
 * }
 * }</pre>
 */
public final class AuditLogSink implements AuditSink {
    /** The default queue capacity. */
    public static final int DEFAULT_CAPACITY = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditLogSink.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final AuditLog log;
    private final boolean ownsLog;
    private final BlockingQueue<AuditEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * Starts a sink and its writer thread.
     *
     * @param log where events go
     * @param capacity how many events may wait; positive
     * @param ownsLog whether {@link #close()} also closes the log
     */
    public AuditLogSink(AuditLog log, int capacity, boolean ownsLog) {
        this.log = Objects.requireNonNull(log, "log");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.ownsLog = ownsLog;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("acf-audit-writer").daemon(true).unstarted(this::drain);
        writer.start();
    }

    /** Queues the event; never blocks, never throws. Dropped when the queue is full or the sink closed. */
    @Override
    public void accept(AuditEvent event) {
        if (event == null || closed || !queue.offer(event)) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % 1000 == 0) {
                LOG.warn("audit log sink dropped {} event(s) so far: {}", count, closed ? "sink closed" : "queue full");
            }
        }
    }

    /** Returns how many events were dropped. */
    public long dropped() {
        return dropped.get();
    }

    /** Returns how many events were written to the log. */
    public long written() {
        return written.get();
    }

    Thread writerThread() {
        return writer;
    }

    private void drain() {
        while (true) {
            AuditEvent event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                log.append(toRecord(event));
                written.incrementAndGet();
            } catch (RuntimeException e) {
                dropped.incrementAndGet();
                LOG.error("audit log sink could not append a {} event: {}", event.type(), e.toString());
            }
        }
    }

    static AuditRecord toRecord(AuditEvent event) {
        Map<String, String> details = new LinkedHashMap<>(event.attributes());
        String requestHash = details.get("requestHash");
        if (requestHash != null && SHA256_HEX.matcher(requestHash).matches()) {
            details.remove("requestHash");
        } else {
            requestHash = null;
        }
        details.put("eventTime", event.time().toString());
        putIfPresent(details, "requestId", event.requestId());
        putIfPresent(details, "method", event.method());
        putIfPresent(details, "taskId", event.taskId());
        putIfPresent(details, "contextId", event.contextId());
        if (event.status() != 0) {
            details.put("status", Integer.toString(event.status()));
        }
        if (event.latencyMicros() != 0) {
            details.put("latencyMicros", Long.toString(event.latencyMicros()));
        }
        if (event.bytesIn() != 0) {
            details.put("bytesIn", Long.toString(event.bytesIn()));
        }
        if (event.bytesOut() != 0) {
            details.put("bytesOut", Long.toString(event.bytesOut()));
        }
        String actor = event.source() == null || event.source().isBlank() ? "unknown" : event.source();
        String outcome = event.outcome().isBlank() ? "unknown" : event.outcome();
        return new AuditRecord(actor, event.type(), event.destination(), outcome, requestHash, details);
    }

    private static void putIfPresent(Map<String, String> details, String key, @org.jspecify.annotations.Nullable String value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    /** Stops accepting, writes the queued events, and closes the log if owned; idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // An accept() racing with close() may have queued after the writer's last look.
        for (AuditEvent event = queue.poll(); event != null; event = queue.poll()) {
            dropped.incrementAndGet();
        }
        if (ownsLog) {
            log.close();
        }
    }
}
