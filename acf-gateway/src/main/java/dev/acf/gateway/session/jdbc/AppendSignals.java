package dev.acf.gateway.session.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the threads waiting for a session's next event when any gateway instance appends one:
 * a daemon thread holds one connection that {@code LISTEN}s on the store's channel and signals
 * the waiters of the session a notification names (all of them for an empty payload, and after a
 * reconnection, since notifications sent meanwhile are lost). Waiters also re-read the database
 * on their own every poll interval, so a broken listener only makes them slower. The same thread
 * runs the store's retention sweep between notifications. Thread-safe.
 */
final class AppendSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppendSignals.class);
    /** How long one read of notifications blocks; bounds how long {@link #close} waits. */
    private static final int LISTEN_MILLIS = 250;

    private final DataSource dataSource;
    private final String channel;
    private final Runnable sweep;
    private final long sweepMillis;
    private final ConcurrentHashMap<String, Signal> waiting = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** One session's waiters: a change counter, and how many wait on it. */
    static final class Signal {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long version;
        private int waiters;

        long version() {
            lock.lock();
            try {
                return version;
            } finally {
                lock.unlock();
            }
        }

        void bump() {
            lock.lock();
            try {
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Waits until the version passes {@code seen}, at most {@code millis}. */
        void await(long seen, long millis) throws InterruptedException {
            lock.lock();
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
                while (version == seen && nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    AppendSignals(DataSource dataSource, String channel, Runnable sweep, long sweepMillis) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.sweep = sweep;
        this.sweepMillis = sweepMillis;
        this.thread = Thread.ofPlatform().daemon().name("acf-session-listen").unstarted(this::run);
        thread.start();
    }

    /** Registers a waiter of a session; pair with {@link #leave}. */
    Signal join(String sessionId) {
        return waiting.compute(sessionId, (k, s) -> {
            Signal signal = s == null ? new Signal() : s;
            signal.waiters++;
            return signal;
        });
    }

    void leave(String sessionId, Signal signal) {
        waiting.computeIfPresent(sessionId, (k, s) -> {
            if (s != signal) {
                return s;
            }
            s.waiters--;
            return s.waiters == 0 ? null : s;
        });
    }

    /** Wakes the waiters of a session (an append through this instance, or a notification). */
    void signal(String sessionId) {
        Signal s = waiting.get(sessionId);
        if (s != null) {
            s.bump();
        }
    }

    private void signalAll() {
        waiting.values().forEach(Signal::bump);
    }

    private void run() {
        long backoff = 100;
        long nextSweep = System.nanoTime();
        while (!closed) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN " + channel);
                PGConnection pg = c.unwrap(PGConnection.class);
                // Whatever was announced while this instance was not listening is lost: everyone looks again.
                signalAll();
                backoff = 100;
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(LISTEN_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            String payload = n.getParameter();
                            if (payload == null || payload.isEmpty()) {
                                signalAll();
                            } else {
                                signal(payload);
                            }
                        }
                    }
                    if (System.nanoTime() - nextSweep >= 0) {
                        nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sweepMillis);
                        sweep.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("session store: listening for appends failed, resumed streams poll until it is back: {}", e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** Stops listening, waiting briefly for the listener to hand its connection back. */
    @Override
    public void close() {
        closed = true;
        signalAll();
        // Cuts a reconnection backoff short; a read of notifications ends by its own timeout.
        thread.interrupt();
        try {
            thread.join(2L * LISTEN_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
