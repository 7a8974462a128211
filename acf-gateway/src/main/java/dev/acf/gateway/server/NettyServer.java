package dev.acf.gateway.server;

import dev.acf.gateway.GatewayLimits;
import dev.acf.gateway.compress.Compression;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Netty server: one acceptor thread, a worker group shared with the upstream
 * client (so a proxied exchange usually stays on one loop), any number of listeners (HTTP/1.1
 * and h2c in plaintext; HTTP/1.1, and h2 when the context offers it by ALPN, over TLS), and a
 * graceful {@link #close()} that stops accepting, lets in-flight requests finish (up to the
 * drain timeout) and then closes everything. Thread-safe.
 *
 * <pre>{@code
 * NettyServer server = new NettyServer(GatewayLimits.defaults(), request -> request.respond(...));
 * InetSocketAddress address = server.bind("127.0.0.1", 0, null);
 * }</pre>
 */
public final class NettyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

    private final GatewayLimits limits;
    private final RequestDispatcher dispatcher;
    private final RefusalListener refusals;
    private final Compression compression;
    private final Transport transport = Transport.best();
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final ChannelGroup listeners = new DefaultChannelGroup("acf-listeners", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup connections = new DefaultChannelGroup("acf-connections", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private boolean drained;
    private boolean closed;

    /** Creates the event loops; nothing listens until {@link #bind}. */
    public NettyServer(GatewayLimits limits, RequestDispatcher dispatcher) {
        this(limits, dispatcher, RefusalListener.NONE);
    }

    /** Creates the event loops, telling {@code refusals} of every request the transport refuses itself. */
    public NettyServer(GatewayLimits limits, RequestDispatcher dispatcher, RefusalListener refusals) {
        this(limits, dispatcher, refusals, Compression.defaults());
    }

    /** Creates the event loops, compressing responses and decoding request bodies as {@code compression} says. */
    public NettyServer(GatewayLimits limits, RequestDispatcher dispatcher, RefusalListener refusals, Compression compression) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.compression = Objects.requireNonNull(compression, "compression");
        this.acceptor = transport.newGroup(1);
        this.workers = transport.newGroup(workerLoops());
        LOG.debug("gateway transport: {}", transport.name());
    }

    /**
     * One event loop per core, unless {@code io.netty.eventLoopThreads} says otherwise: the loops
     * never block, so Netty's default of two per core only adds wake-ups and smaller batches per
     * {@code epoll_wait} (about 10% more CPU per proxied request; benchmarks/README.md, PERF-3).
     */
    private static int workerLoops() {
        Integer configured = Integer.getInteger("io.netty.eventLoopThreads");
        return configured != null && configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free one), with TLS when {@code tls} is given.
     *
     * @return the bound address
     */
    public InetSocketAddress bind(String host, int port, @Nullable ListenerTls tls) {
        return bind(host, port, tls, dispatcher);
    }

    /**
     * Listens on {@code host:port} with its own dispatcher (an admin listener), sharing the
     * limits, event loops and drain of the others.
     *
     * @return the bound address
     */
    public InetSocketAddress bind(String host, int port, @Nullable ListenerTls tls, RequestDispatcher listenerDispatcher) {
        Objects.requireNonNull(listenerDispatcher, "listenerDispatcher");
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new Initializer(tls, listenerDispatcher));
        Channel channel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        listeners.add(channel);
        return (InetSocketAddress) channel.localAddress();
    }

    /** Returns the worker event loops, for clients that should share them (the upstream pool). */
    public EventLoopGroup workers() {
        return workers;
    }

    /** Returns the socket channel type matching the transport in use. */
    public Class<? extends SocketChannel> socketChannelType() {
        return transport.socketChannel();
    }

    /** Returns the number of requests received and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops accepting, lets in-flight requests finish for up to the drain timeout, then closes
     * every connection; the event loops keep running (for clients sharing them) until
     * {@link #close()}. Idempotent.
     */
    public void drain() {
        synchronized (this) {
            if (drained) {
                return;
            }
            drained = true;
        }
        draining = true;
        listeners.close().awaitUninterruptibly();
        for (Channel c : List.copyOf(connections)) {
            HttpConnection connection = c.pipeline().get(HttpConnection.class);
            if (connection != null) {
                c.eventLoop().execute(connection::drain);
            } else {
                // HTTP/2 (or not yet negotiated): closing an HTTP/2 connection sends GOAWAY and waits for its streams.
                c.close();
            }
        }
        long deadline = System.nanoTime() + limits.drainTimeout().toNanos();
        List<Channel> remaining = new ArrayList<>(connections);
        for (Channel c : remaining) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        long busy = remaining.stream().filter(Channel::isOpen).count();
        if (busy > 0) {
            LOG.warn("closing {} connections still busy after the drain timeout of {}", busy, limits.drainTimeout());
        }
        connections.close().awaitUninterruptibly();
    }

    /** Drains (see {@link #drain()}), then stops the event loops. Idempotent. */
    @Override
    public void close() {
        drain();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Initializer extends ChannelInitializer<SocketChannel> implements ServerContext {
        private final @Nullable ListenerTls tls;
        private final RequestDispatcher listenerDispatcher;
        private final ConnectionSetup setup = new ConnectionSetup(this);

        Initializer(@Nullable ListenerTls tls, RequestDispatcher listenerDispatcher) {
            this.tls = tls;
            this.listenerDispatcher = listenerDispatcher;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            if (open.incrementAndGet() > limits.maxConnections() || draining) {
                open.decrementAndGet();
                channel.close();
                if (!draining) {
                    refused(new TransportRefusal(TransportRefusal.newRequestId(), 0, TransportRefusal.CONNECTION_LIMIT, null, null,
                            List.of(), 0, System.nanoTime()));
                }
                return;
            }
            channel.closeFuture().addListener(f -> open.decrementAndGet());
            connections.add(channel);
            setup.initialize(channel, tls);
        }

        @Override
        public GatewayLimits limits() {
            return limits;
        }

        @Override
        public RequestDispatcher dispatcher() {
            return listenerDispatcher;
        }

        @Override
        public Compression compression() {
            return compression;
        }

        @Override
        public void refused(TransportRefusal refusal) {
            try {
                refusals.refused(refusal);
            } catch (RuntimeException e) {
                LOG.warn("the refusal listener failed on request {}", refusal.requestId(), e);
            }
        }

        @Override
        public boolean draining() {
            return draining;
        }

        @Override
        public void requestStarted() {
            inFlight.incrementAndGet();
        }

        @Override
        public void requestFinished() {
            inFlight.decrementAndGet();
        }
    }
}
