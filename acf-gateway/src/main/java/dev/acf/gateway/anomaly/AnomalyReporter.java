package dev.acf.gateway.anomaly;

import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.AnsMonitor;
import dev.acf.gateway.audit.BatchSender;
import java.util.List;
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

    private final BatchSender<AnomalyEvent> sender;

    AnomalyReporter(AnsMonitor monitor, int capacity) {
        this.sender = new BatchSender<>("acf-anomaly-reporter", capacity, BATCH, monitor::report, (batch, e) -> {
            List<AnomalyEvent> kept = batch.stream().filter(AnomalyEvent::suspended).toList();
            LOG.warn("cannot report {} anomalies to ANS ({}); {} suspension(s) kept for the next attempt", batch.size(), e.toString(), kept.size());
            return kept;
        });
    }

    /** Queues an anomaly for ANS; never blocks. */
    void offer(AnomalyEvent event) {
        sender.offer(event);
    }

    long dropped() {
        return sender.dropped();
    }

    long sent() {
        return sender.sent();
    }

    @Override
    public void close() {
        sender.close();
    }
}
