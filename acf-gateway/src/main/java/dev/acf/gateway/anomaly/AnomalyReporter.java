package dev.acf.gateway.anomaly;

import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.AnsMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends anomalies to ANS in batches from one background thread, so that a request never waits
 * for ANS: {@link #offer} only queues (bounded; what does not fit is dropped and counted). A
 * batch ANS refuses or cannot take is dropped, except its suspensions, which are queued again
 * (after a growing pause) so that ANS learns of every suspension once it is reachable.
 * Thread-safe.
 */
final class AnomalyReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyReporter.class);
    static final int BATCH = 200;

    private final AnsMonitor monitor;
    private final BlockingQueue<AnomalyEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    AnomalyReporter(AnsMonitor monitor, int capacity) {
        this.monitor = monitor;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofVirtual().name("acf-anomaly-reporter").start(this::run);
    }

    /** Queues an anomaly for ANS; never blocks. */
    void offer(AnomalyEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    long sent() {
        return sent.get();
    }

    private void run() {
        int failures = 0;
        List<AnomalyEvent> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                AnomalyEvent first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                try {
                    monitor.report(List.copyOf(batch));
                    sent.addAndGet(batch.size());
                    failures = 0;
                } catch (RuntimeException e) {
                    failures++;
                    long kept = batch.stream().filter(AnomalyEvent::suspended).peek(this::offer).count();
                    dropped.addAndGet(batch.size() - kept);
                    LOG.warn("cannot report {} anomalies to ANS ({}); {} suspension(s) kept for the next attempt",
                            batch.size(), e.toString(), kept);
                    TimeUnit.MILLISECONDS.sleep(Math.min(30_000L, 500L << Math.min(failures, 6)));
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
