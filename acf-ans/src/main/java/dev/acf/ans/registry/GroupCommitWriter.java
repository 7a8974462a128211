package dev.acf.ans.registry;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.registry.StoredAgent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's single appender, with group commit: writers enqueue framed entries and
 * wait; one thread takes everything queued, writes it with one positional write per frame and
 * makes it durable with one fsync, then publishes the batch to the index and releases the
 * writers. While an fsync runs, the next batch gathers, so throughput grows with the number of
 * concurrent writers instead of being capped at one write per fsync.
 *
 * <pre>
 *  put() --enqueue--> [queue] --drain--> write frames --> fsync --> index.apply --> ack put()s
 * </pre>
 *
 * <p>The queue holds at most one entry per waiting caller (puts are synchronous), so it needs
 * no bound. If a write or fsync fails, nothing after it can be trusted (the kernel may have
 * dropped the dirty pages), so the writer fails every waiting and later put with
 * {@code unavailable} until the store is reopened, and recovery re-reads what really is on disk.
 */
final class GroupCommitWriter {
    /** One change waiting to become durable. */
    record Pending(long cursor, StoredAgent stored, ByteBuffer frame, CompletableFuture<Void> done) {}

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final RegistryLog log;
    private final RegistryIndex index;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Thread thread;
    private List<Pending> queue = new ArrayList<>();
    private boolean closing;
    private @Nullable Exception failure;

    GroupCommitWriter(RegistryLog log, RegistryIndex index) {
        this.log = log;
        this.index = index;
        this.thread = Thread.ofPlatform().daemon().name("acf-registry-writer-" + log.directory().getFileName()).unstarted(this::run);
        thread.start();
    }

    /**
     * Queues a change; the caller must enqueue in cursor order (it holds the store's sequencing
     * lock while calling) and then wait on {@link Pending#done()} outside that lock.
     *
     * @throws UnavailableException when the writer has failed or is closing
     */
    void enqueue(Pending pending) {
        lock.lock();
        try {
            checkUsable();
            queue.add(pending);
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Throws when no further put can succeed. */
    void checkUsable() {
        lock.lock();
        try {
            if (failure != null) {
                throw new UnavailableException(ErrorCode.UNAVAILABLE,
                        "the registry log in " + log.directory() + " failed to write (" + failure + "); reopen the store", failure);
            }
            if (closing) {
                throw new UnavailableException("the registry store in " + log.directory() + " is closed");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops the thread; waits for it. */
    void close() {
        lock.lock();
        try {
            closing = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<Pending> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    queued.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>();
            } finally {
                lock.unlock();
            }
            long offset = log.end();
            try {
                log.append(batch.stream().map(Pending::frame).toList());
                log.force();
            } catch (Exception e) {
                fail(e, batch);
                return;
            }
            for (Pending p : batch) {
                int length = p.frame().limit();
                index.apply(p.cursor(), p.stored(), offset, length);
                offset += length;
            }
            batch.forEach(p -> p.done().complete(null));
        }
    }

    private void fail(Exception e, List<Pending> batch) {
        LOG.error("Writing the registry log in {} failed; the store refuses writes until reopened", log.directory(), e);
        List<Pending> waiting = new ArrayList<>(batch);
        lock.lock();
        try {
            failure = e;
            waiting.addAll(queue);
            queue = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        UnavailableException refusal = new UnavailableException(ErrorCode.UNAVAILABLE,
                "the registry log in " + log.directory() + " failed to write; the change is not acknowledged", e);
        waiting.forEach(p -> p.done().completeExceptionally(refusal));
    }
}
