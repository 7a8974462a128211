package dev.acf.gateway.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The tasks whose agent stream this gateway is reading right now, so that a client resuming one
 * follows it live: a resuming client reads the store from its cursor and waits here for the next
 * append. Waiting is for virtual threads. Thread-safe.
 */
final class LiveTasks {
    private final ConcurrentHashMap<String, Live> tasks = new ConcurrentHashMap<>();

    /** One task being relayed: a change counter resuming clients wait on. */
    static final class Live {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long version;
        private boolean ended;

        /** Wakes the waiters: an event was appended. */
        void changed() {
            lock.lock();
            try {
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Marks the relay over (the task's stream ended here, finished or not) and wakes the waiters. */
        void end() {
            lock.lock();
            try {
                ended = true;
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Returns the current version, to wait for a later one. */
        long version() {
            lock.lock();
            try {
                return version;
            } finally {
                lock.unlock();
            }
        }

        boolean ended() {
            lock.lock();
            try {
                return ended;
            } finally {
                lock.unlock();
            }
        }

        /** Waits until the version passes {@code seen}, at most {@code millis}; returns whether it did. */
        boolean awaitChange(long seen, long millis) throws InterruptedException {
            lock.lock();
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
                while (version == seen && nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
                return version != seen;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Registers a relay of the task; returns null when another relay of it is live here already. */
    @Nullable Live start(String taskId) {
        Live live = new Live();
        return tasks.putIfAbsent(taskId, live) == null ? live : null;
    }

    /** Returns the live relay of a task, if one runs here. */
    @Nullable Live get(String taskId) {
        return tasks.get(taskId);
    }

    /** Ends and unregisters a relay. */
    void end(String taskId, Live live) {
        live.end();
        tasks.remove(taskId, live);
    }
}
