package dev.acf.gateway.proxy;

import dev.acf.api.name.AgentName;
import dev.acf.gateway.GatewayLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Upstream connections, pooled per agent address (and, over TLS, per agent name): HTTP/1.1
 * keep-alive, at most {@code maxConnectionsPerUpstream} per pool with a bounded queue of
 * waiting acquires, TLS for {@code https} endpoints as the configured {@link UpstreamTls} says
 * (the gateway's identity for mTLS, verifying the agent's ANS name) or with the JDK's default
 * trust. Host names are resolved on the calling (virtual) thread, never on an event loop.
 * Thread-safe.
 */
final class UpstreamPool implements AutoCloseable {
    /** The call a pooled channel currently serves; null while the channel idles in the pool. */
    static final AttributeKey<UpstreamCall> CALL = AttributeKey.valueOf("acf.upstreamCall");
    private static final AttributeKey<FixedChannelPool> POOL = AttributeKey.valueOf("acf.upstreamPool");

    /** Pooled connections idle longer than this are closed, before a typical upstream keep-alive timeout closes them under us. */
    private static final int POOLED_IDLE_SECONDS = 30;

    /** A pool's key; secure pools are per agent, as their handshake verified that agent's name. */
    private record Origin(boolean secure, String host, InetSocketAddress address, @Nullable AgentName agent) {}

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final GatewayLimits limits;
    private final @Nullable UpstreamTls tls;
    private volatile @Nullable UpstreamTls defaultTls;
    private final ConcurrentHashMap<Origin, FixedChannelPool> pools = new ConcurrentHashMap<>();

    UpstreamPool(EventLoopGroup group, Class<? extends SocketChannel> channelType, GatewayLimits limits, @Nullable UpstreamTls tls) {
        this.group = group;
        this.channelType = channelType;
        this.limits = limits;
        this.tls = tls;
    }

    /** Returns a connected channel to the endpoint's host and port, for calls to {@code agent}; may block on DNS. */
    CompletableFuture<Channel> acquire(URI endpoint, AgentName agent) {
        boolean secure = endpoint.getScheme().equalsIgnoreCase("https");
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : secure ? 443 : 80;
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
        FixedChannelPool pool = pools.computeIfAbsent(new Origin(secure, host, address, secure ? agent : null), this::newPool);
        CompletableFuture<Channel> result = new CompletableFuture<>();
        pool.acquire().addListener(f -> {
            if (f.isSuccess()) {
                Channel channel = (Channel) f.getNow();
                channel.attr(POOL).set(pool);
                result.complete(channel);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** Returns a channel whose exchange completed cleanly, for reuse. */
    static void release(Channel channel) {
        channel.attr(CALL).set(null);
        // Read while idle so an upstream close is noticed and the health check drops the channel.
        channel.config().setAutoRead(true);
        FixedChannelPool pool = channel.attr(POOL).get();
        if (pool != null) {
            pool.release(channel);
        }
    }

    /** Closes a channel that cannot be reused (cut mid-exchange) and frees its slot. */
    static void discard(Channel channel) {
        channel.attr(CALL).set(null);
        channel.close();
        FixedChannelPool pool = channel.attr(POOL).get();
        if (pool != null) {
            pool.release(channel);
        }
    }

    private FixedChannelPool newPool(Origin origin) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .remoteAddress(origin.address())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.upstreamConnectTimeout().toMillis());
        UpstreamTls context = origin.secure() ? clientTls() : null;
        AgentName agent = origin.agent();
        AbstractChannelPoolHandler handler = new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel channel) {
                if (context != null && agent != null) {
                    channel.pipeline().addLast("tls", context.newHandler(channel.alloc(), agent, origin.host(), origin.address().getPort()));
                }
                channel.pipeline()
                        .addLast("idle", new IdleStateHandler(0, 0, POOLED_IDLE_SECONDS, TimeUnit.SECONDS))
                        .addLast("http", new HttpClientCodec())
                        .addLast("call", new UpstreamHandler());
            }
        };
        return new FixedChannelPool(bootstrap, handler, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL,
                limits.upstreamConnectTimeout().toMillis(), limits.maxConnectionsPerUpstream(), limits.maxInFlight(), true, true);
    }

    private UpstreamTls clientTls() {
        if (tls != null) {
            return tls;
        }
        UpstreamTls context = defaultTls;
        if (context == null) {
            try {
                context = UpstreamTls.of(SslContextBuilder.forClient().build());
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build the default upstream TLS context: " + e.getMessage(), e);
            }
            defaultTls = context;
        }
        return context;
    }

    @Override
    public void close() {
        pools.values().forEach(FixedChannelPool::close);
        pools.clear();
    }
}
