package dev.acf.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Routes an upstream channel's events to the call it currently serves; closes a pooled channel
 * that speaks out of turn. Also keeps the current call's answer deadline with one timer per
 * connection that is moved only when a deadline comes earlier than it fires (with the same
 * response timeout for every call, a busy keep-alive connection schedules nothing per call).
 * Event loop only.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private @Nullable ChannelHandlerContext context;
    private @Nullable ScheduledFuture<?> timer;
    private long timerAt;
    private long deadline;
    private @Nullable Runnable onTimeout;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    /** Runs {@code expired} on the event loop unless {@link #answered()} is called within {@code nanos}; on the event loop. */
    void expectAnswer(long nanos, Runnable expired) {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("handler not added to a pipeline");
        }
        long now = System.nanoTime();
        deadline = now + nanos;
        onTimeout = expired;
        if (timer != null && timerAt - deadline <= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = deadline;
        timer = ctx.executor().schedule(this::onTimer, nanos, TimeUnit.NANOSECONDS);
    }

    /** The call's answer head arrived (or the call ended): its deadline no longer applies. */
    void answered() {
        onTimeout = null;
    }

    private void onTimer() {
        timer = null;
        Runnable expired = onTimeout;
        if (expired == null) {
            return;
        }
        long left = deadline - System.nanoTime();
        ChannelHandlerContext ctx = context;
        if (left > 0 && ctx != null) {
            timerAt = deadline;
            timer = ctx.executor().schedule(this::onTimer, left, TimeUnit.NANOSECONDS);
            return;
        }
        onTimeout = null;
        expired.run();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamCall call = ctx.channel().attr(UpstreamPool.CALL).get();
        if (call == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            call.onResponse(response);
        }
        if (msg instanceof HttpContent content) {
            call.onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && ctx.channel().attr(UpstreamPool.CALL).get() == null) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        UpstreamCall call = ctx.channel().attr(UpstreamPool.CALL).get();
        if (call != null) {
            call.onFailure(new ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamCall call = ctx.channel().attr(UpstreamPool.CALL).get();
        if (call != null) {
            call.onFailure(cause);
        }
        ctx.close();
    }
}
