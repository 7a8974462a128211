package dev.acf.gateway;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.GatewayFilterProvider;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ExtensionProvider;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.catalog.AgentCatalog;
import dev.acf.gateway.pipeline.FilterPipeline;
import dev.acf.gateway.pipeline.GatewayDispatcher;
import dev.acf.gateway.proxy.AgentProxy;
import dev.acf.gateway.proxy.AgentResolver;
import dev.acf.gateway.server.NettyServer;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI Gateway, embeddable: a Netty server (epoll when available) that takes every agent
 * call through a pipeline of {@link GatewayFilter}s in fixed stages and proxies it to the
 * agent named in the path, {@code /agents/{url-encoded ANS name}}, resolved through an
 * {@link AnsLookup}. It also answers {@code GET /v1/catalog} and the agents' rewritten cards.
 *
 * <pre>
 *   listener (HTTP/1.1, h2c, TLS with h2 by ALPN) -> limits -> [virtual thread] SECURITY -> QOS -> INSPECTION
 *       -> OBSERVABILITY -> ROUTING -> proxy (pooled upstream, SSE streamed) -> agent
 * </pre>
 *
 * <p>Event loops never block: each request runs its filters on a virtual thread (at most
 * {@link GatewayLimits#maxInFlight()} at once), reading from the client stops while a request
 * is processed, and streamed responses follow the client's pace. {@link #close()} stops
 * accepting, drains in-flight requests and is idempotent. Thread-safe.
 *
 * <pre>{@code
 * try (GatewayServer gateway = GatewayServer.builder()
 *         .lookup(ans.lookup())
 *         .filter(FilterStage.SECURITY, myFilter)
 *         .expose(AgentName.parse("ans://rca.broadband.ops.example.net"))
 *         .build()
 *         .start()) {
 *     URI base = gateway.baseUri();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** The configuration key listing the discovered filter providers to enable, comma-separated. */
    public static final String FILTERS_KEY = "filters";

    private final AnsLookup lookup;
    private final String host;
    private final @Nullable Integer plaintextPort;
    private final @Nullable SslContext tls;
    private final int tlsPort;
    private final @Nullable SslContext upstreamTls;
    private final GatewayLimits limits;
    private final FilterPipeline pipeline;
    private final List<AgentName> exposed;
    private final Duration cacheTtl;
    private final @Nullable URI publicBaseUri;

    private @Nullable NettyServer server;
    private @Nullable AgentResolver resolver;
    private @Nullable AgentProxy proxy;
    private @Nullable ExecutorService executor;
    private @Nullable InetSocketAddress plaintextAddress;
    private @Nullable InetSocketAddress tlsAddress;
    private boolean closed;

    private GatewayServer(Builder b, FilterPipeline pipeline) {
        this.lookup = Objects.requireNonNull(b.lookup);
        this.host = b.host;
        this.plaintextPort = b.tls == null && b.plaintextPort == null ? Integer.valueOf(0) : b.plaintextPort;
        this.tls = b.tls;
        this.tlsPort = b.tlsPort;
        this.upstreamTls = b.upstreamTls;
        this.limits = b.limits;
        this.pipeline = pipeline;
        this.exposed = List.copyOf(b.exposed);
        this.cacheTtl = b.cacheTtl;
        this.publicBaseUri = b.publicBaseUri;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the listeners and starts serving; returns this.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized GatewayServer start() {
        if (server != null || closed) {
            throw new IllegalStateException("gateway already started or closed");
        }
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-gateway-", 0).factory());
        AgentResolver agents = new AgentResolver(lookup, cacheTtl);
        NettyServer netty = null;
        try {
            // The upstream pool shares the server's event loops, and the server needs the dispatcher:
            // the dispatcher is looked up through a holder filled before anything listens.
            GatewayDispatcher[] dispatcher = new GatewayDispatcher[1];
            netty = new NettyServer(limits, request -> dispatcher[0].dispatch(request));
            AgentProxy upstream = new AgentProxy(netty.workers(), netty.socketChannelType(), limits, upstreamTls);
            GatewayRoutes routes = new GatewayRoutes(agents, upstream, new AgentCatalog(agents, exposed), publicBaseUri);
            dispatcher[0] = new GatewayDispatcher(pipeline, routes, limits.maxInFlight(), threads);
            if (plaintextPort != null) {
                plaintextAddress = netty.bind(host, plaintextPort, null);
            }
            if (tls != null) {
                tlsAddress = netty.bind(host, tlsPort, tls);
            }
            routes.fallbackAuthority(authority(address()));
            this.server = netty;
            this.resolver = agents;
            this.proxy = upstream;
            this.executor = threads;
            LOG.info("gateway listening at {}", baseUri());
            return this;
        } catch (RuntimeException e) {
            if (netty != null) {
                netty.close();
            }
            agents.close();
            threads.shutdownNow();
            throw e;
        }
    }

    /** Returns the primary listener's address: TLS when configured, else plaintext. */
    public InetSocketAddress address() {
        InetSocketAddress a = tlsAddress != null ? tlsAddress : plaintextAddress;
        if (a == null) {
            throw new IllegalStateException("gateway not started");
        }
        return a;
    }

    /** Returns the plaintext listener's address, when there is one. */
    public Optional<InetSocketAddress> plaintextAddress() {
        return Optional.ofNullable(plaintextAddress);
    }

    /** Returns the TLS listener's address, when there is one. */
    public Optional<InetSocketAddress> tlsAddress() {
        return Optional.ofNullable(tlsAddress);
    }

    /** Returns {@code https://host:port} of the TLS listener, else {@code http://host:port}. */
    public URI baseUri() {
        return URI.create((tlsAddress != null ? "https://" : "http://") + authority(address()));
    }

    /** Returns the number of requests received and not yet answered. */
    public int inFlight() {
        NettyServer s = server;
        return s == null ? 0 : s.inFlight();
    }

    /** Returns the filters in the order they run, built-ins included. */
    public List<GatewayFilter> filters() {
        return pipeline.filters();
    }

    /** Stops accepting, drains in-flight requests (up to {@link GatewayLimits#drainTimeout()}), releases everything. Idempotent. */
    @Override
    public void close() {
        NettyServer s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
        }
        if (s != null) {
            s.drain();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (s != null) {
            s.close();
        }
        if (resolver != null) {
            resolver.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static String authority(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    /** Builds a {@link GatewayServer}; not thread-safe. Only {@link #lookup} is required. */
    public static final class Builder {
        private @Nullable AnsLookup lookup;
        private String host = "127.0.0.1";
        private @Nullable Integer plaintextPort;
        private @Nullable SslContext tls;
        private int tlsPort;
        private @Nullable SslContext upstreamTls;
        private GatewayLimits limits = GatewayLimits.defaults();
        private final Map<FilterStage, List<GatewayFilter>> filters = new EnumMap<>(FilterStage.class);
        private final Set<String> enabledProviders = new LinkedHashSet<>();
        private ProviderConfig config = ProviderConfig.empty();
        private @Nullable ClassLoader classLoader;
        private final List<AgentName> exposed = new ArrayList<>();
        private Duration cacheTtl = Duration.ofSeconds(30);
        private @Nullable URI publicBaseUri;

        private Builder() {}

        /** Sets how names are resolved: {@code AnsServer.lookup()} in-process, an {@code AcfClient} remotely. Required. */
        public Builder lookup(AnsLookup value) {
            lookup = Objects.requireNonNull(value, "lookup");
            return this;
        }

        /** Sets the listen address; default {@code 127.0.0.1}. */
        public Builder host(String value) {
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** Adds a plaintext HTTP listener on this port (0 = any); there is one on port 0 by default unless TLS is configured. */
        public Builder port(int value) {
            plaintextPort = checkPort(value);
            return this;
        }

        /** Adds a TLS listener with this server context (certificate, client auth, protocols). */
        public Builder tls(SslContext value) {
            if (!value.isServer()) {
                throw new IllegalArgumentException("the listener needs a server SslContext");
            }
            tls = value;
            return this;
        }

        /** Sets the TLS listener's port (0 = any, the default). */
        public Builder tlsPort(int value) {
            tlsPort = checkPort(value);
            return this;
        }

        /** Sets the client TLS context for {@code https} agents (the gateway's identity for mTLS); default: the JDK's trust. */
        public Builder upstreamTls(SslContext value) {
            if (!value.isClient()) {
                throw new IllegalArgumentException("upstream TLS needs a client SslContext");
            }
            upstreamTls = value;
            return this;
        }

        /** Sets the limits; default {@link GatewayLimits#defaults()}. */
        public Builder limits(GatewayLimits value) {
            limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** Adds a filter to a stage, after the filters already added to it. */
        public Builder filter(FilterStage stage, GatewayFilter filter) {
            filters.computeIfAbsent(Objects.requireNonNull(stage, "stage"), k -> new ArrayList<>())
                    .add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Enables the discovered {@link GatewayFilterProvider} with this name (as does listing it under {@value #FILTERS_KEY} in the config). */
        public Builder enableFilter(String providerName) {
            enabledProviders.add(Objects.requireNonNull(providerName, "providerName"));
            return this;
        }

        /** Sets the configuration handed to filter providers; its {@value #FILTERS_KEY} key enables providers by name. */
        public Builder config(ProviderConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Sets the class loader providers are discovered with; default: the gateway's. */
        public Builder classLoader(ClassLoader value) {
            classLoader = Objects.requireNonNull(value, "classLoader");
            return this;
        }

        /** Exposes agents in the catalogue; when any are exposed, only they are routable. */
        public Builder expose(AgentName... names) {
            exposed.addAll(Arrays.asList(names));
            return this;
        }

        /** Exposes agents in the catalogue; when any are exposed, only they are routable. */
        public Builder expose(List<AgentName> names) {
            exposed.addAll(names);
            return this;
        }

        /** Sets how long resolved names are cached (ANS events invalidate sooner); default 30 s. */
        public Builder cacheTtl(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("cacheTtl must be positive, was " + value);
            }
            cacheTtl = value;
            return this;
        }

        /** Sets the address callers use (behind a load balancer), for rewritten cards; default: from {@code Host}. */
        public Builder publicBaseUri(URI value) {
            publicBaseUri = Objects.requireNonNull(value, "publicBaseUri");
            return this;
        }

        /**
         * Validates the settings, discovers the enabled filter providers and returns the gateway (not started).
         *
         * @throws ConfigurationException when the lookup is missing or an enabled provider is not found
         */
        public GatewayServer build() {
            if (lookup == null) {
                throw new ConfigurationException("the gateway needs an AnsLookup: call lookup(ansServer.lookup()) or lookup(acfClient)");
            }
            Map<FilterStage, List<GatewayFilter>> all = new EnumMap<>(FilterStage.class);
            Set<String> names = new LinkedHashSet<>(enabledProviders);
            config.get(FILTERS_KEY).ifPresent(list -> Arrays.stream(list.split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add));
            if (!names.isEmpty()) {
                ClassLoader loader = classLoader != null ? classLoader : GatewayServer.class.getClassLoader();
                List<GatewayFilterProvider> found = ExtensionLoader.providers(GatewayFilterProvider.class, loader);
                for (String name : names) {
                    GatewayFilterProvider provider = found.stream().filter(p -> p.name().equals(name)).findFirst()
                            .orElseThrow(() -> new ConfigurationException("no GatewayFilterProvider named '" + name + "'; available: "
                                    + found.stream().map(ExtensionProvider::name).toList()));
                    GatewayFilter filter = provider.create(config);
                    if (filter == null) {
                        throw new ConfigurationException("GatewayFilterProvider '" + name + "' created nothing (returned null)");
                    }
                    all.computeIfAbsent(provider.stage(), k -> new ArrayList<>()).add(filter);
                }
            }
            // Explicit filters after discovered ones within a stage: the builder's order is the user's last word.
            filters.forEach((stage, list) -> all.computeIfAbsent(stage, k -> new ArrayList<>()).addAll(list));
            return new GatewayServer(this, FilterPipeline.of(all));
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            return port;
        }
    }
}
