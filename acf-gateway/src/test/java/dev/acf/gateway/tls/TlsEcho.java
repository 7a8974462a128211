package dev.acf.gateway.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A test harness, not a server: a TLS echo listener on loopback that records every server-side
 * handshake, and a client that connects, says "ping" and waits for the echo.
 */
final class TlsEcho implements AutoCloseable {
    /** What the server saw of one handshake. */
    record Handshake(boolean success, @Nullable Throwable cause, X509Certificate[] peer, String protocol) {}

    /** What the client saw: the handshake and, when it got one, the echo. */
    record Outcome(boolean handshake, @Nullable String echo, @Nullable Throwable failure, String protocol, X509Certificate[] serverChain) {
        boolean echoed() {
            return "ping".equals(echo);
        }
    }

    private final Channel server;
    final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();

    TlsEcho(EventLoopGroup group, Function<Channel, SslHandler> tls) throws InterruptedException {
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = tls.apply(ch);
                        ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                        ssl.handshakeFuture().addListener(f -> handshakes.add(f.isSuccess()
                                ? new Handshake(true, null, GatewayTls.peerCertificates(ssl.engine().getSession()), ssl.engine().getSession().getProtocol())
                                : new Handshake(false, f.cause(), new X509Certificate[0], "")));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    Handshake nextHandshake() throws InterruptedException {
        Handshake h = handshakes.poll(10, TimeUnit.SECONDS);
        if (h == null) {
            throw new AssertionError("no handshake reached the server");
        }
        return h;
    }

    /** Connects with this client TLS handler, sends "ping" after the handshake and waits up to 5 s for the echo. */
    static Outcome ping(EventLoopGroup group, int port, Function<Channel, SslHandler> tls) throws Exception {
        CompletableFuture<String> echo = new CompletableFuture<>();
        SslHandler[] holder = new SslHandler[1];
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        holder[0] = tls.apply(c);
                        c.pipeline().addLast(holder[0], new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                echo.complete(buf.toString(StandardCharsets.UTF_8));
                                buf.release();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                echo.completeExceptionally(cause);
                                ctx.close();
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                echo.completeExceptionally(new IllegalStateException("connection closed without an echo"));
                            }
                        });
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        try {
            SslHandler ssl = holder[0];
            boolean handshake = ssl.handshakeFuture().await(10, TimeUnit.SECONDS) && ssl.handshakeFuture().isSuccess();
            if (!handshake) {
                return new Outcome(false, null, ssl.handshakeFuture().cause(), "", new X509Certificate[0]);
            }
            String protocol = ssl.engine().getSession().getProtocol();
            X509Certificate[] serverChain = GatewayTls.peerCertificates(ssl.engine().getSession());
            ch.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.UTF_8));
            try {
                return new Outcome(true, echo.get(5, TimeUnit.SECONDS), null, protocol, serverChain);
            } catch (java.util.concurrent.ExecutionException e) {
                return new Outcome(true, null, e.getCause(), protocol, serverChain);
            }
        } finally {
            ch.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
