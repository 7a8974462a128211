package dev.acf.gateway.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends items to a remote destination (ANS) in batches from one background virtual thread, so
 * that the request path never waits for it: {@link #offer} only queues, in a bounded queue, and
 * drops and counts what does not fit. A batch the destination refuses goes to the
 * {@link OnFailure} handler, which may name items to queue again; the others are dropped and
 * counted, and the thread pauses (0.5 s doubling to 30 s) while the queue absorbs what it can.
 * Thread-safe.
 *
 * @param <T> the items sent
 */
public final class BatchSender<T> implements AutoCloseable {
    /** Decides what happens to a batch the destination did not take. */
    @FunctionalInterface
    public interface OnFailure<T> {
        /**
         * Returns the items of the failed batch to queue again (the others are dropped); may log.
         * Called on the sending thread.
         */
        List<T> retry(List<T> batch, RuntimeException failure);
    }

    private final Consumer<List<T>> destination;
    private final OnFailure<T> onFailure;
    private final int batchSize;
    private final BlockingQueue<T> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the sending thread.
     *
     * @param threadName the name of the sending thread
     * @param capacity how many items wait at most for the next batch
     * @param batchSize the most items one call of {@code destination} gets
     * @param destination sends one batch; throws a {@link RuntimeException} when it was not taken
     */
    public BatchSender(String threadName, int capacity, int batchSize, Consumer<List<T>> destination, OnFailure<T> onFailure) {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("capacity and batch size must be positive, were " + capacity + " and " + batchSize);
        }
        this.destination = Objects.requireNonNull(destination, "destination");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofVirtual().name(threadName).start(this::run);
    }

    /** Queues an item; never blocks. Returns false (and counts a drop) when the queue is full. */
    public boolean offer(T item) {
        if (queue.offer(item)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Returns how many items were dropped: the queue was full, or their batch was not taken. */
    public long dropped() {
        return dropped.get();
    }

    /** Returns how many items the destination took. */
    public long sent() {
        return sent.get();
    }

    private void run() {
        int failures = 0;
        List<T> batch = new ArrayList<>(batchSize);
        while (!closed) {
            try {
                T first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                List<T> taken = List.copyOf(batch);
                batch.clear();
                try {
                    destination.accept(taken);
                    sent.addAndGet(taken.size());
                    failures = 0;
                } catch (RuntimeException e) {
                    failures++;
                    List<T> again = onFailure.retry(taken, e);
                    dropped.addAndGet(taken.size() - again.size());
                    again.forEach(this::offer);
                    TimeUnit.MILLISECONDS.sleep(Math.min(30_000L, 500L << Math.min(failures - 1, 6)));
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the sending thread; what is still queued is not sent. Idempotent. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
