package dev.acf.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent that speaks HTTP/2 only, on Netty: h2c by prior knowledge in plaintext, h2 by ALPN
 * over TLS (a client that does not pick h2 is disconnected). It answers JSON-RPC with the
 * connection and stream that carried the call, holds calls to {@code .../slow} until
 * {@link #release()}, and streams {@code n} server-sent events for {@code .../sse?n=N}.
 */
final class H2Backend implements AutoCloseable {
    /** One request as the agent saw it. */
    record Seen(String connection, int stream, String method, String path, String scheme, String requestId, String caller) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger arrived = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;

    private H2Backend(SslContext tls) {
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.incrementAndGet();
                        if (tls == null) {
                            http2(channel.pipeline());
                            return;
                        }
                        channel.pipeline().addLast(tls.newHandler(channel.alloc()))
                                .addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                                    @Override
                                    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                        if (protocol.equals(ApplicationProtocolNames.HTTP_2)) {
                                            http2(ctx.pipeline());
                                        } else {
                                            ctx.close();
                                        }
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** Starts an h2c (prior knowledge) agent. */
    static H2Backend cleartext() {
        return new H2Backend(null);
    }

    /** Starts an h2 agent over TLS with this server context (which must offer h2 by ALPN). */
    static H2Backend tls(SslContext context) {
        return new H2Backend(context);
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Lets the held {@code /slow} calls answer. */
    void release() {
        release.countDown();
    }

    private void http2(ChannelPipeline pipeline) {
        pipeline.addLast(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new HttpObjectAggregator(1 << 20), new Answer());
            }
        }));
    }

    private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Http2StreamChannel stream = (Http2StreamChannel) ctx.channel();
            String connection = stream.parent().id().asShortText();
            String scheme = request.headers().get(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "");
            seen.add(new Seen(connection, stream.stream().id(), request.method().name(), request.uri(), scheme,
                    request.headers().get("acf-request-id", ""), request.headers().get("acf-caller", "")));
            arrived.incrementAndGet();
            String uri = request.uri();
            if (uri.contains("/sse")) {
                int n = Integer.parseInt(uri.substring(uri.indexOf("n=") + 2));
                DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
                ctx.write(head);
                String padding = "p".repeat(150);
                for (int i = 1; i <= n; i++) {
                    String event = "id: " + i + "\ndata: {\"n\":" + i + ",\"pad\":\"" + padding + "\"}\n\n";
                    ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(event, StandardCharsets.UTF_8)));
                }
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"connection\":\"" + connection + "\",\"stream\":"
                    + stream.stream().id() + ",\"scheme\":\"" + scheme + "\"}}";
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.SERVER, "h2-agent/1.0");
            if (uri.endsWith("/slow")) {
                Thread.ofVirtual().start(() -> {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ctx.writeAndFlush(response);
                });
                return;
            }
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void close() {
        release.countDown();
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
