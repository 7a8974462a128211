package dev.acf.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.Serial;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/2 connections to one upstream origin, shared by concurrent calls: each call gets its
 * own stream, a child channel that speaks Netty's HTTP objects, so an {@link UpstreamCall}
 * runs over it as over an HTTP/1.1 connection (its {@code autoRead} drives the stream's flow
 * control window). At most {@code maxConnections} connections, each carrying at most
 * {@code maxStreams} streams (fewer when the agent's {@code SETTINGS_MAX_CONCURRENT_STREAMS}
 * says so); a call beyond that waits in a queue of at most {@code maxWaiting} for a stream to
 * end or a connection to open. A connection that received {@code GOAWAY} takes no new stream.
 *
 * <pre>
 *   plaintext (h2c, prior knowledge): [idle] [frames] [multiplex -> per stream: frame-to-HTTP codec, UpstreamHandler] [watch]
 *   TLS:  [tls] [ALPN: h2 -> as above | http/1.1 -> acquire fails with NotHttp2Exception, connection closed]
 * </pre>
 *
 * <p>Counters are guarded by this object's monitor, held only for bookkeeping, never across
 * I/O; futures complete outside it. Thread-safe.
 */
final class Http2Origin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Http2Origin.class);
    private static final int IDLE_SECONDS = 30;

    /** The agent chose HTTP/1.1 by ALPN: the caller should use an HTTP/1.1 connection instead. */
    static final class NotHttp2Exception extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        NotHttp2Exception(String origin) {
            super(origin + " does not speak HTTP/2", null, false, false);
        }
    }

    /** One connection and the streams it carries; fields other than the channel are guarded by the origin's monitor. */
    private static final class Connection {
        final Channel channel;
        int active;
        long peerLimit = Long.MAX_VALUE;
        boolean usable = true;

        Connection(Channel channel) {
            this.channel = channel;
        }
    }

    private final String name;
    private final Bootstrap bootstrap;
    private final @Nullable Function<Channel, SslHandler> tls;
    private final int maxConnections;
    private final int maxStreams;
    private final int maxWaiting;
    private final int maxHeaderBytes;
    private final List<Connection> connections = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<Connection>> waiting = new ArrayDeque<>();
    private int connecting;
    private boolean notHttp2;
    private boolean closed;

    /**
     * @param name the origin, for messages ({@code host:port}, never shown to callers)
     * @param bootstrap connects to the origin; its handler is replaced per connection
     * @param tls creates the TLS handler of a new connection (its context must offer h2 by ALPN); null for h2c
     */
    Http2Origin(String name, Bootstrap bootstrap, @Nullable Function<Channel, SslHandler> tls, int maxConnections, int maxStreams,
            int maxWaiting, int maxHeaderBytes) {
        this.name = name;
        this.bootstrap = bootstrap;
        this.tls = tls;
        this.maxConnections = maxConnections;
        this.maxStreams = maxStreams;
        this.maxWaiting = maxWaiting;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * Returns a new stream channel for one call; closing it ends the stream and frees its slot.
     * Fails with {@link NotHttp2Exception} when the origin chose HTTP/1.1.
     */
    CompletableFuture<Channel> acquire() {
        CompletableFuture<Connection> slot = new CompletableFuture<>();
        Connection ready;
        boolean connect = false;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new RejectedExecutionException("the upstream pool is closed"));
            }
            if (notHttp2) {
                return CompletableFuture.failedFuture(new NotHttp2Exception(name));
            }
            ready = withRoom();
            if (ready != null) {
                ready.active++;
            } else {
                if (waiting.size() >= maxWaiting) {
                    return CompletableFuture.failedFuture(new RejectedExecutionException(
                            maxWaiting + " calls already wait for an HTTP/2 stream to " + name));
                }
                waiting.add(slot);
                if (connections.size() + connecting < maxConnections) {
                    connecting++;
                    connect = true;
                }
            }
        }
        if (ready != null) {
            slot.complete(ready);
        }
        if (connect) {
            connect();
        }
        return slot.thenCompose(this::openStream);
    }

    private @Nullable Connection withRoom() {
        for (Connection c : connections) {
            if (c.usable && c.active < Math.min(maxStreams, c.peerLimit)) {
                return c;
            }
        }
        return null;
    }

    private void connect() {
        CompletableFuture<Boolean> negotiated = new CompletableFuture<>();
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.closeFuture().addListener(f -> negotiated.completeExceptionally(new ClosedChannelException()));
                if (tls == null) {
                    http2(channel.pipeline());
                    return;
                }
                channel.pipeline().addLast("tls", tls.apply(channel))
                        .addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                if (protocol.equals(ApplicationProtocolNames.HTTP_2)) {
                                    http2(ctx.pipeline());
                                    negotiated.complete(true);
                                } else {
                                    negotiated.complete(false);
                                    ctx.close();
                                }
                            }

                            @Override
                            protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                                negotiated.completeExceptionally(cause);
                                ctx.close();
                            }
                        });
            }
        });
        b.connect().addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                connectFailed(f.cause());
                return;
            }
            if (tls == null) {
                negotiated.complete(true);
            }
            negotiated.whenComplete((h2, failure) -> {
                if (failure != null) {
                    connectFailed(failure);
                } else if (h2) {
                    connected(f.channel());
                } else {
                    chose1();
                }
            });
        });
    }

    private void http2(ChannelPipeline pipeline) {
        pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast("h2-frames", Http2FrameCodecBuilder.forClient()
                        .initialSettings(Http2Settings.defaultSettings().pushEnabled(false).maxHeaderListSize(maxHeaderBytes))
                        .build())
                .addLast("h2-streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        // Server push is off; a stream the agent opens anyway is refused.
                        ctx.close();
                    }
                }))
                .addLast("h2-watch", new Watch());
    }

    /** Learns the agent's stream limit and GOAWAY, and closes the connection when it idles without streams. */
    private final class Watch extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame settings && settings.settings().maxConcurrentStreams() != null) {
                    peerLimit(ctx.channel(), settings.settings().maxConcurrentStreams());
                } else if (msg instanceof Http2GoAwayFrame) {
                    goneAway(ctx.channel());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && idle(ctx.channel())) {
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP/2 connection to {} failed: {}", name, cause.toString());
            ctx.close();
        }
    }

    private void connected(Channel channel) {
        Connection c = new Connection(channel);
        boolean keep;
        synchronized (this) {
            connecting--;
            keep = !closed;
            if (keep) {
                connections.add(c);
            }
        }
        if (!keep) {
            channel.close();
            return;
        }
        channel.closeFuture().addListener(f -> disconnected(c));
        serveWaiting();
    }

    private void connectFailed(Throwable cause) {
        List<CompletableFuture<Connection>> failed = List.of();
        synchronized (this) {
            connecting--;
            // Waiting calls are served when a stream of an open connection ends; with none open, nothing will serve them.
            if (connecting == 0 && connections.stream().noneMatch(c -> c.usable)) {
                failed = drainWaiting();
            }
        }
        LOG.debug("HTTP/2 connection to {} failed: {}", name, cause.toString());
        failed.forEach(w -> w.completeExceptionally(cause));
    }

    private void chose1() {
        List<CompletableFuture<Connection>> failed;
        synchronized (this) {
            connecting--;
            notHttp2 = true;
            failed = drainWaiting();
        }
        LOG.debug("{} chose HTTP/1.1 by ALPN", name);
        failed.forEach(w -> w.completeExceptionally(new NotHttp2Exception(name)));
    }

    private void disconnected(Connection c) {
        boolean reconnect = false;
        synchronized (this) {
            c.usable = false;
            connections.remove(c);
            if (!closed && !waiting.isEmpty() && connections.size() + connecting < maxConnections) {
                connecting++;
                reconnect = true;
            }
        }
        if (reconnect) {
            connect();
        }
    }

    private void peerLimit(Channel channel, long limit) {
        synchronized (this) {
            connections.stream().filter(c -> c.channel == channel).forEach(c -> c.peerLimit = limit);
        }
        serveWaiting();
    }

    private void goneAway(Channel channel) {
        synchronized (this) {
            connections.stream().filter(c -> c.channel == channel).forEach(c -> c.usable = false);
        }
        LOG.debug("{} sent GOAWAY: no new streams on that connection", name);
    }

    private synchronized boolean idle(Channel channel) {
        return connections.stream().noneMatch(c -> c.channel == channel && c.active > 0);
    }

    private CompletableFuture<Channel> openStream(Connection c) {
        CompletableFuture<Channel> stream = new CompletableFuture<>();
        new Http2StreamChannelBootstrap(c.channel)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel channel) {
                        channel.pipeline()
                                .addLast("http", new Http2StreamFrameToHttpObjectCodec(false))
                                .addLast("call", new UpstreamHandler());
                    }
                })
                .open()
                .addListener(f -> {
                    if (f.isSuccess()) {
                        Http2StreamChannel channel = (Http2StreamChannel) f.getNow();
                        channel.closeFuture().addListener(closed -> streamEnded(c));
                        stream.complete(channel);
                    } else {
                        streamEnded(c);
                        stream.completeExceptionally(f.cause());
                    }
                });
        return stream;
    }

    private void streamEnded(Connection c) {
        synchronized (this) {
            c.active--;
        }
        serveWaiting();
    }

    /** Hands free stream slots to waiting calls, oldest first; completes them outside the monitor. */
    private void serveWaiting() {
        List<CompletableFuture<Connection>> served = new ArrayList<>();
        List<Connection> on = new ArrayList<>();
        synchronized (this) {
            while (!waiting.isEmpty()) {
                Connection c = withRoom();
                if (c == null) {
                    break;
                }
                c.active++;
                served.add(waiting.poll());
                on.add(c);
            }
        }
        for (int i = 0; i < served.size(); i++) {
            if (!served.get(i).complete(on.get(i))) {
                streamEnded(on.get(i));
            }
        }
    }

    private List<CompletableFuture<Connection>> drainWaiting() {
        List<CompletableFuture<Connection>> all = new ArrayList<>(waiting);
        waiting.clear();
        return all;
    }

    @Override
    public void close() {
        List<Connection> open;
        List<CompletableFuture<Connection>> failed;
        synchronized (this) {
            closed = true;
            open = List.copyOf(connections);
            failed = drainWaiting();
        }
        open.forEach(c -> c.channel.close());
        failed.forEach(w -> w.completeExceptionally(new RejectedExecutionException("the upstream pool is closed")));
    }
}
