package dev.acf.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP/1.1 keep-alive connections to one origin made on one event loop: at most {@code max}
 * open (connecting, busy or idle), a bounded queue of waiting acquires, idle ones reused last in,
 * first out. A connection idle for a whole sweep period (and less than two) is closed, before a
 * typical upstream keep-alive timeout closes it under a call. Everything runs on the pool's
 * event loop: calls from elsewhere hop there. This is what Netty's {@code FixedChannelPool} did
 * here, without its per-call promises, health-check futures and concurrent queues.
 */
final class LoopPool {
    private static final AttributeKey<LoopPool> POOL = AttributeKey.valueOf("acf.loopPool");

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final int max;
    private final int maxWaiters;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Channel>> waiters = new ArrayDeque<>();
    private final ScheduledFuture<?> sweep;
    private int open;
    /** The fewest idle connections since the last sweep: the ones at the far end stayed idle all along. */
    private int idleLow;
    private boolean closed;

    /**
     * @param bootstrap connects on {@code loop}, its handler setting up each new connection's pipeline
     * @param idleSeconds the sweep period
     */
    LoopPool(EventLoop loop, Bootstrap bootstrap, int max, int maxWaiters, int idleSeconds) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.max = max;
        this.maxWaiters = maxWaiters;
        this.sweep = loop.scheduleAtFixedRate(this::sweep, idleSeconds, idleSeconds, TimeUnit.SECONDS);
    }

    /** Completes {@code into} with a connection of this pool, at once when one is idle; fails it when the pool and its queue are full. */
    void acquire(CompletableFuture<Channel> into) {
        if (loop.inEventLoop()) {
            acquireHere(into);
        } else {
            onLoop(into, () -> acquireHere(into));
        }
    }

    private void acquireHere(CompletableFuture<Channel> into) {
        if (closed) {
            into.completeExceptionally(new IllegalStateException("the upstream pool is closed"));
            return;
        }
        Channel c;
        while ((c = idle.pollFirst()) != null) {
            if (idle.size() < idleLow) {
                idleLow = idle.size();
            }
            if (c.isActive()) {
                into.complete(c);
                return;
            }
        }
        if (open < max) {
            connect(into);
        } else if (waiters.size() < maxWaiters) {
            waiters.add(into);
        } else {
            into.completeExceptionally(new IllegalStateException("every connection to the agent is busy and too many calls wait"));
        }
    }

    private void connect(CompletableFuture<Channel> into) {
        open++;
        ChannelFuture connecting = bootstrap.connect();
        Channel channel = connecting.channel();
        channel.attr(POOL).set(this);
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                channel.closeFuture().addListener(closed -> closed(channel));
                if (!into.complete(channel)) {
                    // The caller gave up meanwhile: the connection serves the next one.
                    release(channel);
                }
            } else {
                open--;
                into.completeExceptionally(f.cause());
                serveWaiter();
            }
        });
    }

    /** Returns a connection whose exchange completed cleanly; on any thread. */
    static void release(Channel channel) {
        LoopPool pool = channel.attr(POOL).get();
        if (pool == null) {
            channel.close();
        } else if (channel.eventLoop().inEventLoop()) {
            pool.releaseHere(channel);
        } else {
            channel.eventLoop().execute(() -> pool.releaseHere(channel));
        }
    }

    private void releaseHere(Channel channel) {
        if (!channel.isActive()) {
            return;   // closed(): its slot is freed there
        }
        if (closed) {
            channel.close();
            return;
        }
        CompletableFuture<Channel> next;
        while ((next = waiters.poll()) != null) {
            if (next.complete(channel)) {
                return;
            }
        }
        idle.addFirst(channel);
    }

    /** A connection closed (by either side, idle or busy): its slot goes to a waiting call. */
    private void closed(Channel channel) {
        open--;
        idle.remove(channel);
        if (idle.size() < idleLow) {
            idleLow = idle.size();
        }
        serveWaiter();
    }

    private void serveWaiter() {
        while (!closed && open < max && !waiters.isEmpty()) {
            CompletableFuture<Channel> next = waiters.poll();
            if (!next.isDone()) {
                connect(next);
            }
        }
    }

    private void sweep() {
        for (int i = 0; i < idleLow && !idle.isEmpty(); i++) {
            idle.pollLast().close();
        }
        idleLow = idle.size();
    }

    /** Closes the idle connections and fails the waiting calls; busy connections close when released. */
    void close() {
        onLoop(null, () -> {
            closed = true;
            sweep.cancel(false);
            Channel c;
            while ((c = idle.poll()) != null) {
                c.close();
            }
            CompletableFuture<Channel> w;
            while ((w = waiters.poll()) != null) {
                w.completeExceptionally(new IllegalStateException("the upstream pool is closed"));
            }
        });
    }

    private void onLoop(@Nullable CompletableFuture<Channel> orFail, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (orFail != null) {
                orFail.completeExceptionally(e);
            }
        }
    }

    /** For tests and logs: the connections open, idle and waited for. */
    @Override
    public String toString() {
        return "LoopPool[open=" + open + ", idle=" + idle.size() + ", waiters=" + waiters.size() + "]";
    }
}
