package dev.acf.gateway.server;

import dev.acf.gateway.GatewayLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a new connection's pipeline for the protocol it speaks. Every HTTP/1.1 request
 * and every HTTP/2 stream ends in its own {@link HttpConnection}, so limits, timeouts and
 * back-pressure work the same in both (an HTTP/2 stream's {@code autoRead} drives its flow
 * control window).
 *
 * <pre>
 *   plaintext: [watch] [h2c: prior knowledge or Upgrade, else HTTP/1.1 codec] [HttpConnection]
 *   TLS:       [tls] [ALPN when the context offers h2: h2 | http/1.1] ...
 *   HTTP/2:    [idle] [frame codec] [multiplex -> per stream: frame-to-HTTP codec, HttpConnection] [idle close]
 * </pre>
 */
final class ConnectionSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSetup.class);

    private final ServerContext server;
    private final GatewayLimits limits;

    ConnectionSetup(ServerContext server) {
        this.server = server;
        this.limits = server.limits();
    }

    void initialize(SocketChannel channel, @Nullable ListenerTls tls) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls == null) {
            cleartext(pipeline);
            return;
        }
        pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        if (tls.applicationProtocols().contains(ApplicationProtocolNames.HTTP_2)) {
            pipeline.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (protocol.equals(ApplicationProtocolNames.HTTP_2)) {
                        ctx.pipeline().addLast("h2", http2(true));
                    } else {
                        http1(ctx.pipeline(), true);
                    }
                }
            });
        } else {
            http1(pipeline, true);
        }
    }

    private void http1(ChannelPipeline pipeline, boolean secure) {
        HttpConnection connection = new HttpConnection(server, secure);
        pipeline.addLast("watch", watch(connection)).addLast("http", codec()).addLast("connection", connection);
    }

    private void cleartext(ChannelPipeline pipeline) {
        HttpConnection connection = new HttpConnection(server, false);
        HttpServerCodec codec = codec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec,
                protocol -> AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(frameCodec(), multiplex(false))
                        : null,
                limits.maxBodyBytes());
        pipeline.addLast("watch", watch(connection))
                .addLast("h2c", new CleartextHttp2ServerUpgradeHandler(codec, upgrade, http2(false)))
                .addLast("connection", connection);
    }

    private HttpServerCodec codec() {
        return new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(16 * 1024));
    }

    /** Tells the connection that a request started arriving, before the codec has a whole header block (slowloris). */
    private static ChannelHandler watch(HttpConnection connection) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf) {
                    connection.bytesArrived();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private ChannelHandler http2(boolean secure) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                Http2FrameCodec frames = frameCodec();
                channel.pipeline()
                        .addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .addLast("h2-frames", frames)
                        .addLast("h2-streams", multiplex(secure))
                        .addLast("h2-idle-close", new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                if (event instanceof IdleStateEvent && frames.connection().numActiveStreams() == 0) {
                                    ctx.close();
                                    return;
                                }
                                ctx.fireUserEventTriggered(event);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // A client resetting its connection: what HttpConnection does for HTTP/1.1.
                                LOG.debug("HTTP/2 connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
                                ctx.close();
                            }
                        });
            }
        };
    }

    private Http2FrameCodec frameCodec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .maxHeaderListSize(limits.maxHeaderBytes()))
                .gracefulShutdownTimeoutMillis(limits.drainTimeout().toMillis())
                .build();
    }

    private Http2MultiplexHandler multiplex(boolean secure) {
        return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline()
                        .addLast("http", new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast("connection", new HttpConnection(server, secure));
            }
        });
    }
}
