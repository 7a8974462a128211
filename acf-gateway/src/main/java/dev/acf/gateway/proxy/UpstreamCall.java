package dev.acf.gateway.proxy;

import dev.acf.gateway.server.ChunkTransform;
import dev.acf.gateway.server.StreamedBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One request forwarded over one upstream channel. The response head completes {@link #send}'s
 * future either with the whole body (small responses, up to the aggregation limit) or without
 * it (event streams and large bodies); in the second case upstream reading stops until the
 * body is {@linkplain #pipe piped} to the client, and from then on follows the client's
 * writability: upstream {@code autoRead} is off whenever the client channel is not writable.
 * Instead of a client, a {@link UpstreamStream.Reader} may take the body ({@link #read}); then
 * reading follows {@link #pause()}/{@link #resume()}. State is touched on the upstream channel's
 * event loop only; the entry points hop there.
 *
 * <pre>
 *   WAITING --head--> AGGREGATING --last--> DONE (body in the future)
 *                         |  over limit / SSE
 *                         v
 *                     STREAMING --pipe()--> PIPING --last--> DONE
 * </pre>
 */
final class UpstreamCall implements UpstreamStream {

    /** The response head, with the body when it was aggregated. */
    record Head(HttpResponse response, byte @Nullable [] body) {}

    private enum Mode { WAITING, AGGREGATING, STREAMING, PIPING, DONE }

    private final Channel upstream;
    private final int aggregationLimit;
    private final long streamIdleNanos;
    private final CompletableFuture<Head> head = new CompletableFuture<>();
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
    private long pendingBytes;
    private Mode mode = Mode.WAITING;
    private @Nullable HttpResponse response;
    private boolean keepAlive;
    private volatile boolean received;
    private @Nullable Channel client;
    private @Nullable Consumer<@Nullable Throwable> done;
    private @Nullable Throwable failure;
    private long lastProgress;
    private @Nullable ScheduledFuture<?> idleCheck;
    private volatile @Nullable ChunkTransform transform;
    private UpstreamStream.@Nullable Reader reader;
    private boolean paused;

    UpstreamCall(Channel upstream, int aggregationLimit, long streamIdleNanos) {
        this.upstream = upstream;
        this.aggregationLimit = aggregationLimit;
        this.streamIdleNanos = streamIdleNanos;
    }

    /** Writes the request; the future completes with the head, or fails when the upstream fails first. */
    CompletableFuture<Head> send(FullHttpRequest request) {
        upstream.attr(UpstreamPool.CALL).set(this);
        upstream.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                onFailure(f.cause());
            }
        });
        return head;
    }

    /** Returns true once any byte of the response arrived (a retry is no longer safe). */
    boolean receivedAnything() {
        return received;
    }

    void onResponse(HttpResponse head) {
        if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL || mode != Mode.WAITING) {
            return;
        }
        received = true;
        response = head;
        keepAlive = HttpUtil.isKeepAlive(head);
        String type = head.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        if (type.startsWith("text/event-stream") || HttpUtil.getContentLength(head, -1L) > aggregationLimit) {
            startStreaming();
        } else {
            mode = Mode.AGGREGATING;
        }
    }

    void onContent(HttpContent content) {
        switch (mode) {
            case AGGREGATING -> {
                hold(content);
                if (content instanceof LastHttpContent) {
                    completeAggregated();
                } else if (pendingBytes > aggregationLimit) {
                    startStreaming();
                }
            }
            case STREAMING -> hold(content);
            case PIPING -> toClient(content);
            default -> content.release();
        }
    }

    void onFailure(Throwable cause) {
        if (mode == Mode.DONE) {
            return;
        }
        failure = cause;
        if (!head.isDone()) {
            end();
            UpstreamPool.discard(upstream);
            head.completeExceptionally(cause);
        } else if (mode == Mode.PIPING) {
            end();
            UpstreamPool.discard(upstream);
            finish(cause);
        }
        // STREAMING: the client side has not started; pipe() will deliver what arrived, then the failure.
    }

    @Override
    public void pipe(Channel to, Consumer<@Nullable Throwable> whenDone) {
        onLoop(() -> {
            client = to;
            start(whenDone);
        }, () -> whenDone.accept(loopStopped()));
    }

    @Override
    public void read(UpstreamStream.Reader to) {
        onLoop(() -> {
            reader = to;
            start(to::end);
        }, () -> to.end(loopStopped()));
    }

    @Override
    public void pause() {
        onLoop(() -> {
            paused = true;
            upstream.config().setAutoRead(false);
        });
    }

    @Override
    public void resume() {
        onLoop(() -> {
            paused = false;
            if (mode == Mode.PIPING) {
                lastProgress = System.nanoTime();
                upstream.config().setAutoRead(true);
            }
        });
    }

    /** Runs now when on the event loop (a reader pausing from its callback), else hops there. */
    private void onLoop(Runnable task) {
        if (upstream.eventLoop().inEventLoop()) {
            task.run();
        } else {
            onLoop(task, () -> {});
        }
    }

    /**
     * Hops to the event loop, or runs {@code ifStopped} on this thread when the loop has shut down
     * (its gateway is closing): the channel went with it, and the caller must still learn that
     * the call ended instead of an exception cutting its own clean-up short.
     */
    private void onLoop(Runnable task, Runnable ifStopped) {
        try {
            upstream.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            ifStopped.run();
        }
    }

    private static CancellationException loopStopped() {
        return new CancellationException("the upstream connection's event loop has stopped");
    }

    /** Starts delivering the held and coming pieces to the client or reader; on the event loop. */
    private void start(Consumer<@Nullable Throwable> whenDone) {
        done = whenDone;
        if (mode != Mode.STREAMING) {
            finish(failure != null ? failure : new CancellationException("upstream call already ended"));
            return;
        }
        mode = Mode.PIPING;
        lastProgress = System.nanoTime();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), streamIdleNanos / 4);
        idleCheck = upstream.eventLoop().scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.NANOSECONDS);
        while (!pending.isEmpty() && mode == Mode.PIPING) {
            HttpContent next = pending.poll();
            pendingBytes -= next.content().readableBytes();
            toClient(next);
        }
        if (mode == Mode.PIPING) {
            if (failure != null) {
                end();
                UpstreamPool.discard(upstream);
                finish(failure);
            } else {
                Channel to = client;
                upstream.config().setAutoRead(!paused && (to == null || to.isWritable()));
            }
        }
    }

    @Override
    public void transform(ChunkTransform with) {
        // Set before pipe() on another thread; pipe() hops to the event loop, which then sees it.
        transform = with;
    }

    @Override
    public void clientWritable() {
        onLoop(() -> {
            if (mode == Mode.PIPING) {
                lastProgress = System.nanoTime();
                upstream.config().setAutoRead(true);
            }
        }, () -> {});
    }

    @Override
    public void cancel() {
        onLoop(() -> {
            if (mode != Mode.DONE) {
                end();
                UpstreamPool.discard(upstream);
                head.completeExceptionally(new CancellationException("cancelled"));
                finish(new CancellationException("client went away"));
            }
        }, () -> head.completeExceptionally(loopStopped()));
    }

    private void hold(HttpContent content) {
        received = true;
        pending.add(content);
        pendingBytes += content.content().readableBytes();
    }

    private void startStreaming() {
        mode = Mode.STREAMING;
        // Nothing reads further until the client side is ready: buffering stays at one read.
        upstream.config().setAutoRead(false);
        head.complete(new Head(response(), null));
    }

    private void completeAggregated() {
        byte[] body = new byte[(int) pendingBytes];
        int at = 0;
        for (HttpContent c : pending) {
            ByteBuf buf = c.content();
            int n = buf.readableBytes();
            buf.getBytes(buf.readerIndex(), body, at, n);
            at += n;
        }
        HttpResponse head0 = response();
        end();
        reuseOrDiscard();
        head.complete(new Head(head0, body));
    }

    private void toClient(HttpContent received) {
        UpstreamStream.Reader r = reader;
        if (r != null) {
            toReader(received, r);
            return;
        }
        Channel to = client;
        if (to == null) {
            received.release();
            return;
        }
        lastProgress = System.nanoTime();
        boolean last = received instanceof LastHttpContent;
        HttpContent content = received;
        ChunkTransform with = transform;
        if (with != null) {
            try {
                content = transformed(received, with, last);
            } catch (RuntimeException e) {
                onFailure(e);
                return;
            }
            if (content == null) {
                return;
            }
        }
        ChannelFuture written = to.writeAndFlush(content);
        if (last) {
            end();
            reuseOrDiscard();
            written.addListener(f -> finish(f.cause()));
        } else if (!to.isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    private void toReader(HttpContent received, UpstreamStream.Reader to) {
        lastProgress = System.nanoTime();
        boolean last = received instanceof LastHttpContent;
        boolean cut = received.decoderResult().isFailure();
        byte[] bytes = ByteBufUtil.getBytes(received.content());
        received.release();
        if (cut) {
            // A body cut short (the agent closed mid-chunk) is a failure, not an end.
            onFailure(new java.io.EOFException("the agent closed its stream early"));
            return;
        }
        if (bytes.length > 0) {
            to.chunk(bytes);
        }
        if (last && mode == Mode.PIPING) {
            end();
            reuseOrDiscard();
            finish(null);
        }
    }

    /** Returns what {@code with} makes of the piece, or null when nothing is to be written now; releases the piece. */
    private static @Nullable HttpContent transformed(HttpContent received, ChunkTransform with, boolean last) {
        byte[] out;
        try {
            out = with.apply(ByteBufUtil.getBytes(received.content()), last);
        } catch (RuntimeException e) {
            received.release();
            throw e;
        }
        if (last) {
            LastHttpContent end = new DefaultLastHttpContent(Unpooled.wrappedBuffer(out));
            end.trailingHeaders().set(((LastHttpContent) received).trailingHeaders());
            received.release();
            return end;
        }
        received.release();
        return out.length == 0 ? null : new DefaultHttpContent(Unpooled.wrappedBuffer(out));
    }

    private void checkIdle() {
        if (paused) {
            lastProgress = System.nanoTime();
            return;
        }
        if (mode == Mode.PIPING && System.nanoTime() - lastProgress > streamIdleNanos) {
            end();
            UpstreamPool.discard(upstream);
            finish(new TimeoutException("stream made no progress for " + TimeUnit.NANOSECONDS.toSeconds(streamIdleNanos) + " s"));
        }
    }

    private void reuseOrDiscard() {
        if (keepAlive) {
            UpstreamPool.release(upstream);
        } else {
            UpstreamPool.discard(upstream);
        }
    }

    /** Leaves every state for DONE and frees what is held. */
    private void end() {
        mode = Mode.DONE;
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        HttpContent c;
        while ((c = pending.poll()) != null) {
            c.release();
        }
        pendingBytes = 0;
    }

    private void finish(@Nullable Throwable cause) {
        Consumer<@Nullable Throwable> callback = done;
        done = null;
        if (callback != null) {
            callback.accept(cause);
        }
    }

    private HttpResponse response() {
        HttpResponse r = response;
        if (r == null) {
            throw new IllegalStateException("no response head yet");
        }
        return r;
    }
}
