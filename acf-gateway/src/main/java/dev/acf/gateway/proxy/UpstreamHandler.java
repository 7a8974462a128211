package dev.acf.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/** Routes an upstream channel's events to the call it currently serves; closes a pooled channel that speaks out of turn. */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

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
