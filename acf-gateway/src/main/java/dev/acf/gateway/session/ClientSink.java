package dev.acf.gateway.session;

import dev.acf.gateway.server.ChunkTransform;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The client side of a session stream: writes server-sent events to the client's channel from a
 * virtual thread, through the filters' stream hooks ({@link ChunkTransform}, run on the channel's
 * event loop as its contract asks), one event at a time, and blocks the writing thread while the
 * client is not writable — the client's pace holds the relay, and with it the agent, back.
 * {@code done} is called exactly once. Thread-safe.
 */
final class ClientSink {
    private final Channel client;
    private final @Nullable ChunkTransform transform;
    private final Consumer<@Nullable Throwable> done;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();

    ClientSink(Channel client, @Nullable ChunkTransform transform, Consumer<@Nullable Throwable> done) {
        this.client = client;
        this.transform = transform;
        this.done = done;
        client.closeFuture().addListener(f -> signal());
        // The response head was written unflushed: a caller waiting for live events should see it now.
        client.eventLoop().execute(client::flush);
    }

    /**
     * Writes one event (wire bytes) and waits until the client can take more.
     *
     * @return false when the client is gone or a stream hook cut the stream (then {@code done} was called)
     */
    boolean write(byte[] wire) throws InterruptedException {
        if (ended.get() || !client.isActive()) {
            return false;
        }
        CompletableFuture<Void> queued = new CompletableFuture<>();
        client.eventLoop().execute(() -> {
            try {
                byte[] out = transform == null ? wire : transform.apply(wire, false);
                if (out.length > 0) {
                    client.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(out)));
                }
                queued.complete(null);
            } catch (RuntimeException e) {
                queued.completeExceptionally(e);
            }
        });
        try {
            queued.get();
        } catch (ExecutionException e) {
            fail(e.getCause());
            return false;
        }
        lock.lock();
        try {
            while (client.isActive() && !client.isWritable() && !ended.get()) {
                // Signalled by clientWritable() and by the channel closing; the timeout is a safety net.
                writable.await(500, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
        return client.isActive() && !ended.get();
    }

    /** Ends the body normally (the last chunk) and calls {@code done} once it is written. */
    void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        client.eventLoop().execute(() -> {
            byte[] out;
            try {
                out = transform == null ? new byte[0] : transform.apply(new byte[0], true);
            } catch (RuntimeException e) {
                done.accept(e);
                return;
            }
            client.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(out))).addListener(f -> done.accept(f.cause()));
        });
    }

    /** Ends the body with a failure (the connection is closed, so the client sees the stream cut). */
    void fail(Throwable cause) {
        if (ended.compareAndSet(false, true)) {
            signal();
            done.accept(cause);
        }
    }

    /** Returns whether the body was ended or failed. */
    boolean ended() {
        return ended.get();
    }

    /** Wakes a writer waiting for writability. */
    void signal() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
