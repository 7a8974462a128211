package dev.acf.gateway.audit;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.monitor.InteractionFeed;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit sink that feeds ANS's interaction graph (ANS-MON-1): {@link #accept} only queues
 * the calls ({@code a2a.call} events with a source and a destination) in a bounded queue, and one
 * background thread sends them to the {@link InteractionFeed} in batches of up to
 * {@value #BATCH}. A request never waits for ANS: when the queue is full the event is dropped,
 * and a batch ANS refuses or cannot take is dropped too, both counted ({@link #dropped()}); after
 * a failure the thread pauses (0.5 s doubling to 30 s) while the queue absorbs what it can.
 * Thread-safe.
 *
 * <pre>{@code
 * AuditSink graph = new InteractionReportingSink(acfClient.interactions(gatewayIdentity), 10_000);
 * }</pre>
 */
public final class InteractionReportingSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionReportingSink.class);
    /** The most events one batch carries. */
    public static final int BATCH = 500;
    /** The default queue capacity. */
    public static final int DEFAULT_CAPACITY = 10_000;
    private static final String CALL = "a2a.call";

    private final BatchSender<AuditEvent> sender;
    private volatile boolean closed;

    /**
     * Starts the sending thread.
     *
     * @param capacity how many events wait at most for the next batch
     */
    public InteractionReportingSink(InteractionFeed feed, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        Objects.requireNonNull(feed, "feed");
        this.sender = new BatchSender<>("acf-graph-reporter", capacity, BATCH, feed::report, (batch, e) -> {
            LOG.warn("cannot send {} audit events to ANS's interaction graph ({}); dropped", batch.size(), e.toString());
            return List.of();
        });
    }

    /** Queues a call for ANS; other events are ignored. Never blocks, never throws. */
    @Override
    public void accept(AuditEvent event) {
        if (closed || !CALL.equals(event.type()) || event.source() == null || event.destination() == null) {
            return;
        }
        sender.offer(event);
    }

    /** Returns how many events were dropped: the queue was full, or ANS did not take their batch. */
    public long dropped() {
        return sender.dropped();
    }

    /** Returns how many events ANS took. */
    public long sent() {
        return sender.sent();
    }

    /** Stops the sending thread; what is still queued is not sent. Idempotent. */
    @Override
    public void close() {
        closed = true;
        sender.close();
    }
}
