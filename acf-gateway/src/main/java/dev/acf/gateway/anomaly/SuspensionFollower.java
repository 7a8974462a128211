package dev.acf.gateway.anomaly;

import dev.acf.api.monitor.AnsMonitor;
import dev.acf.api.monitor.SuspensionState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the suspensions in force at ANS with long polls on one background thread and hands
 * each state to the {@link SuspensionTable}: a suspension or lift at ANS reaches this gateway as
 * soon as the poll returns. After a failure it retries with a growing pause (up to 30 s).
 * Thread-safe.
 */
final class SuspensionFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SuspensionFollower.class);
    static final Duration WAIT = Duration.ofSeconds(10);

    private final AnsMonitor monitor;
    private final SuspensionTable table;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long sequence = -1;

    SuspensionFollower(AnsMonitor monitor, SuspensionTable table) {
        this.monitor = monitor;
        this.table = table;
        this.thread = Thread.ofVirtual().name("acf-suspension-follower").start(this::run);
    }

    /** Returns the change sequence of the last state applied, -1 before the first. */
    long sequence() {
        return sequence;
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try {
                SuspensionState state = monitor.suspensions(Math.max(0, sequence), sequence < 0 ? Duration.ZERO : WAIT);
                if (closed) {
                    return;
                }
                table.apply(state);
                sequence = state.sequence();
                failures = 0;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                failures++;
                LOG.warn("cannot follow the suspensions at ANS ({}); retrying", e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(Math.min(30_000L, 250L << Math.min(failures, 7)));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
