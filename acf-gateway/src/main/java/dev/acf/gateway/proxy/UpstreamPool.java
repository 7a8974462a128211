package dev.acf.gateway.proxy;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.GatewayLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Upstream connections, per agent address (and, over TLS, per agent name). HTTP/1.1: keep-alive,
 * one pool per event loop (a call made on a loop gets a connection of that loop, so that its
 * request and answer never leave it), the loops sharing {@code maxConnectionsPerUpstream} and the
 * bounded queue of waiting acquires.
 * HTTP/2 ({@link Http2Origin}): a few connections, each multiplexing many calls, chosen over
 * TLS by ALPN (an agent that picks HTTP/1.1 is remembered and served by the HTTP/1.1 pool from
 * then on) and in plaintext by prior knowledge, when configured or when the endpoint's
 * transport is gRPC (HTTP/2 only). TLS for {@code https} endpoints as the configured
 * {@link UpstreamTls} says (the gateway's identity for mTLS, verifying the agent's ANS name) or
 * with the JDK's default trust. Host names are resolved on a virtual thread, never on an event
 * loop, and kept for 30 s. Thread-safe.
 */
final class UpstreamPool implements AutoCloseable {
    /** The call a pooled channel currently serves; null while the channel idles in the pool. */
    static final AttributeKey<UpstreamCall> CALL = AttributeKey.valueOf("acf.upstreamCall");

    /**
     * Pooled connections idle for one to two of these periods are closed, before a typical upstream
     * keep-alive timeout closes them under a call.
     */
    private static final int POOLED_IDLE_SECONDS = 20;

    /** A pool's key; secure pools are per agent, as their handshake verified that agent's name. */
    private record Origin(boolean secure, String host, InetSocketAddress address, @Nullable AgentName agent) {}

    /**
     * A plaintext HTTP/1.1 endpoint's pools, found by the endpoint itself (no key to build or hash
     * per call): its origin's pool per event loop (by the loop's index), valid until the address
     * expires ({@link Long#MAX_VALUE} for an IP literal).
     */
    private record Bound(Origin origin, AtomicReferenceArray<LoopPool> byLoop, long expiresAt) {}

    /** A host name's address, resolved off the event loops and kept for {@link #DNS_TTL_NANOS}. */
    private record Resolved(InetAddress address, long expiresAt) {}

    /** How long a resolved host name is used before it is resolved again (the JDK's own positive cache time). */
    private static final long DNS_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Executor RESOLVERS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-dns-", 0).factory());

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final GatewayLimits limits;
    private final @Nullable UpstreamTls tls;
    private final UpstreamProtocols protocols;
    private volatile @Nullable UpstreamTls defaultTls;
    private final EventLoop[] loops;
    private final int connectionsPerLoop;
    private final int waitersPerLoop;
    private final ConcurrentHashMap<Origin, AtomicReferenceArray<LoopPool>> pools = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Endpoint, Bound> bound = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Resolved> resolved = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Origin, Http2Origin> http2 = new ConcurrentHashMap<>();
    private final Set<Origin> http1Only = ConcurrentHashMap.newKeySet();
    private final Queue<LoopPool> all = new ConcurrentLinkedQueue<>();

    UpstreamPool(EventLoopGroup group, Class<? extends SocketChannel> channelType, GatewayLimits limits, @Nullable UpstreamTls tls,
            UpstreamProtocols protocols) {
        this.group = group;
        this.channelType = channelType;
        this.limits = limits;
        this.tls = tls;
        this.protocols = protocols;
        List<EventLoop> all = new ArrayList<>();
        for (EventExecutor e : group) {
            if (e instanceof EventLoop loop) {
                all.add(loop);
            }
        }
        this.loops = all.toArray(new EventLoop[0]);
        // The limits are the gateway's per agent address: shared out among the loops' pools.
        int n = Math.max(1, loops.length);
        this.connectionsPerLoop = Math.max(1, (limits.maxConnectionsPerUpstream() + n - 1) / n);
        this.waitersPerLoop = Math.max(1, (limits.maxInFlight() + n - 1) / n);
    }

    /** Returns the event loop running the calling thread, when it is one of the group's, else null. */
    private @Nullable EventLoop currentLoop() {
        int i = currentIndex();
        return i < 0 ? null : loops[i];
    }

    /** Returns the index of the event loop running the calling thread, else -1. */
    private int currentIndex() {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                return i;
            }
        }
        return -1;
    }

    /** Returns an event loop for a call's timers: the caller's when it runs on one, else any of the group. */
    EventLoop timerLoop() {
        EventLoop loop = currentLoop();
        return loop != null ? loop : group.next();
    }

    /**
     * Returns a channel speaking HTTP objects to the endpoint's host and port, for one call to
     * {@code agent}: a pooled HTTP/1.1 connection or an HTTP/2 stream. May block on DNS.
     */
    CompletableFuture<Channel> acquire(Endpoint endpoint, AgentName agent) {
        Bound pooled = bound.get(endpoint);
        if (pooled != null && (pooled.expiresAt() == Long.MAX_VALUE || pooled.expiresAt() - System.nanoTime() > 0)) {
            return acquireHttp1(pooled.byLoop(), pooled.origin(), currentIndex());
        }
        URI url = endpoint.url();
        boolean secure = endpoint.isSecure();
        int port = url.getPort() >= 0 ? url.getPort() : secure ? 443 : 80;
        String host = url.getHost().toLowerCase(Locale.ROOT);
        EventLoop caller = currentLoop();
        InetAddress known = address(host);
        if (known == null && !Thread.currentThread().isVirtual()) {
            // A name lookup may block: never on an event loop.
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return resolve(host);
                } catch (UnknownHostException e) {
                    throw new CompletionException(e);
                }
            }, RESOLVERS).thenCompose(address -> acquire(endpoint, agent, new InetSocketAddress(address, port), host, caller));
        }
        InetAddress address;
        try {
            address = known != null ? known : resolve(host);
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
        return acquire(endpoint, agent, new InetSocketAddress(address, port), host, caller);
    }

    /** Returns the address of an IP literal or of a host name resolved recently, else null (without blocking). */
    private @Nullable InetAddress address(String host) {
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
            if (literal != null) {
                try {
                    return InetAddress.getByAddress(host, literal);
                } catch (UnknownHostException e) {
                    return null;
                }
            }
        }
        Resolved r = resolved.get(host);
        return r != null && r.expiresAt() - System.nanoTime() > 0 ? r.address() : null;
    }

    private InetAddress resolve(String host) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(host);
        if (resolved.size() > 10_000) {
            resolved.clear();
        }
        resolved.put(host, new Resolved(address, System.nanoTime() + DNS_TTL_NANOS));
        return address;
    }

    private CompletableFuture<Channel> acquire(Endpoint endpoint, AgentName agent, InetSocketAddress address, String host,
            @Nullable EventLoop caller) {
        boolean secure = endpoint.isSecure();
        Origin origin = new Origin(secure, host, address, secure ? agent : null);
        boolean h2 = secure ? protocols.http2OverTls() && !http1Only.contains(origin)
                : protocols.h2cPriorKnowledge() || endpoint.transport().equals(Endpoint.GRPC);
        if (!h2) {
            AtomicReferenceArray<LoopPool> byLoop = pools.computeIfAbsent(origin, o -> new AtomicReferenceArray<>(loops.length));
            if (!secure) {
                if (bound.size() > 10_000) {
                    bound.clear();
                }
                Resolved r = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host) ? null : resolved.get(host);
                bound.put(endpoint, new Bound(origin, byLoop, r == null ? Long.MAX_VALUE : r.expiresAt()));
            }
            return acquireHttp1(byLoop, origin, indexOf(caller));
        }
        return http2.computeIfAbsent(origin, this::newHttp2).acquire().exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Http2Origin.NotHttp2Exception) {
                http1Only.add(origin);
                Http2Origin abandoned = http2.remove(origin);
                if (abandoned != null) {
                    abandoned.close();
                }
                return acquireHttp1(pools.computeIfAbsent(origin, o -> new AtomicReferenceArray<>(loops.length)), origin, indexOf(caller));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private int indexOf(@Nullable EventLoop loop) {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i] == loop) {
                return i;
            }
        }
        return -1;
    }

    /** A connection of the caller's event loop's pool (any loop's for a caller off the loops): acquire, write and read stay on it. */
    private CompletableFuture<Channel> acquireHttp1(AtomicReferenceArray<LoopPool> byLoop, Origin origin, int caller) {
        int index = caller >= 0 ? caller : ThreadLocalRandom.current().nextInt(loops.length);
        LoopPool pool = byLoop.get(index);
        if (pool == null) {
            LoopPool created = newPool(origin, loops[index]);
            pool = byLoop.compareAndExchange(index, null, created);
            if (pool == null) {
                pool = created;
            } else {
                created.close();
            }
        }
        CompletableFuture<Channel> result = new CompletableFuture<>();
        pool.acquire(result);
        return result;
    }

    private Http2Origin newHttp2(Origin origin) {
        Bootstrap bootstrap = bootstrap(origin, group);
        Function<Channel, SslHandler> handlers = null;
        if (origin.secure()) {
            UpstreamTls context = clientTls();
            AgentName agent = Objects.requireNonNull(origin.agent());
            handlers = channel -> context.newHandler(channel.alloc(), agent, origin.host(), origin.address().getPort());
        }
        return new Http2Origin(origin.host() + ":" + origin.address().getPort(), bootstrap, handlers,
                limits.maxHttp2ConnectionsPerUpstream(), limits.maxStreamsPerUpstreamConnection(), limits.maxInFlight(),
                limits.maxHeaderBytes());
    }

    private Bootstrap bootstrap(Origin origin, EventLoopGroup on) {
        return new Bootstrap()
                .group(on)
                .channel(channelType)
                .remoteAddress(origin.address())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.upstreamConnectTimeout().toMillis());
    }

    /** Returns a channel whose exchange completed cleanly, for reuse; an HTTP/2 stream is closed, which frees its slot. */
    static void release(Channel channel) {
        channel.attr(CALL).set(null);
        if (channel instanceof Http2StreamChannel) {
            channel.close();
            return;
        }
        // Read while idle so an upstream close is noticed and the channel leaves the pool.
        channel.config().setAutoRead(true);
        LoopPool.release(channel);
    }

    /** Closes a channel that cannot be reused (cut mid-exchange) and frees its slot. */
    static void discard(Channel channel) {
        channel.attr(CALL).set(null);
        // The pool frees the slot when the close completes.
        channel.close();
    }

    private LoopPool newPool(Origin origin, EventLoop loop) {
        UpstreamTls context = origin.secure() ? clientTls() : null;
        AgentName agent = origin.agent();
        Bootstrap bootstrap = bootstrap(origin, loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                if (context != null && agent != null) {
                    channel.pipeline().addLast("tls", context.newHandler(channel.alloc(), agent, origin.host(), origin.address().getPort()));
                }
                channel.pipeline()
                        // The head's names are not validated here: every field that reaches a client is validated
                        // again when the answer is built (Http1Messages), the rest is dropped or read by the gateway
                        // alone. Trailers, which may be piped to the client as they are, still are.
                        .addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withNameValidation(false)), false, false))
                        .addLast("call", new UpstreamHandler());
            }
        });
        LoopPool pool = new LoopPool(loop, bootstrap, connectionsPerLoop, waitersPerLoop, POOLED_IDLE_SECONDS);
        all.add(pool);
        return pool;
    }

    private UpstreamTls clientTls() {
        if (tls != null) {
            return tls;
        }
        UpstreamTls context = defaultTls;
        if (context == null) {
            try {
                SslContextBuilder builder = SslContextBuilder.forClient();
                if (protocols.http2OverTls()) {
                    builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
                }
                context = UpstreamTls.of(builder.build());
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build the default upstream TLS context: " + e.getMessage(), e);
            }
            defaultTls = context;
        }
        return context;
    }

    @Override
    public void close() {
        http2.values().forEach(Http2Origin::close);
        http2.clear();
        bound.clear();
        pools.clear();
        all.forEach(LoopPool::close);
        all.clear();
    }
}
