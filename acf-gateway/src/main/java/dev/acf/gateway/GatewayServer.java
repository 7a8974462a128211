package dev.acf.gateway;

import dev.acf.api.audit.AuditSink;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.GatewayFilterProvider;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.LoadBalancerProvider;
import dev.acf.api.gateway.QosPolicy;
import dev.acf.api.gateway.QosPolicyProvider;
import dev.acf.api.gateway.RouteResolver;
import dev.acf.api.gateway.RouteResolverProvider;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.api.security.ContentInspector;
import dev.acf.api.security.ContentInspectorProvider;
import dev.acf.api.security.PermissionPolicy;
import dev.acf.api.session.SessionStore;
import dev.acf.api.session.SessionStoreProvider;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.client.AgentIdentity;
import dev.acf.api.monitor.AnsMonitor;
import dev.acf.client.AcfClient;
import dev.acf.api.monitor.InteractionFeed;
import dev.acf.gateway.anomaly.AnomalyGuard;
import dev.acf.gateway.anomaly.AnomalySettings;
import dev.acf.gateway.anomaly.SuspensionPolicy;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.compress.Compression;
import dev.acf.gateway.filter.BearerTokens;
import dev.acf.gateway.hierarchy.Hierarchy;
import dev.acf.gateway.pipeline.FilterPipeline;
import dev.acf.gateway.proxy.UpstreamProtocols;
import dev.acf.gateway.proxy.UpstreamTls;
import dev.acf.gateway.qos.QosSettings;
import dev.acf.gateway.redact.ContentRedaction;
import dev.acf.gateway.qos.RuleQosPolicy;
import dev.acf.gateway.session.EmbeddedSessionStore;
import dev.acf.gateway.session.EmbeddedSessionStoreProvider;
import dev.acf.gateway.server.ListenerTls;
import dev.acf.gateway.tls.GatewayTls;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
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
 *   listener (HTTP/1.1, h2c, TLS with h2 by ALPN) -> limits -> [virtual thread]
 *     SECURITY (anomalies -> revocation -> authentication -> suspended callers -> authorization -> yours) -> QOS (classes, rate limits, shedding -> yours)
 *     -> INSPECTION (JSON-RPC validation first)
 *     -> OBSERVABILITY (tracing -> metrics -> audit -> redaction -> yours) -> ROUTING -> proxy (pooled upstream mTLS, SSE streamed) -> agent
 * </pre>
 *
 * <p>With {@link Builder#identity} the gateway is an ANS agent itself (GW-SEC-1): its TLS 1.3
 * listener presents the identity (following renewals without a restart) and accepts client
 * certificates of the ANS CA only; the ANS name in the caller's SAN URI becomes the caller
 * identity; {@code https} agents are called over mTLS and must present a certificate naming
 * the agent called. Revocations reach the gateway by ANS events (CRL as fallback) and refuse
 * the certificate on new handshakes and on the next request of open connections. Callers
 * without a certificate may only read the catalogue and agent cards, unless {@link Builder#bearerTokens}
 * lets them authenticate with a JWT (a certificate wins when both are presented). Every request,
 * refused ones included, gets one audit event and its metrics: those of the filters, and for the
 * transport's own refusals (413, 431, malformed 400, 408, overload 503, connections over the limit)
 * an event with {@code refusedBy=transport} and the cause as outcome; {@code traceparent} is
 * continued to the agent.
 *
 * <p>Routing and balancing are extension points: a {@link RouteResolver} maps a request to an
 * agent and its endpoints (default: the ANS name in the path), a {@link LoadBalancer} picks one
 * endpoint per call (default: peak-EWMA latency with two random choices, outlier ejection and
 * health probes; a failed call moves to another endpoint when that is safe, see
 * {@link dev.acf.gateway.proxy.AgentProxy}). Agents are called over HTTP/1.1 or HTTP/2
 * ({@link UpstreamProtocols}: h2 by ALPN over TLS; h2c by prior knowledge when configured).
 * {@link Builder#metricsPort} serves {@code GET /metrics} for Prometheus.
 * Streaming A2A calls are sessions ({@link dev.acf.gateway.session.Sessions}): each event of a task
 * gets the SSE id {@code <taskId>:<n>} and is kept in a {@link SessionStore} ({@link Builder#sessionStore},
 * default the bounded {@link EmbeddedSessionStore}, in a file with {@link Builder#sessionDirectory}),
 * a caller resumes with {@code Last-Event-ID}, and a task whose agent instance dies mid-stream
 * continues on another instance from its last checkpoint ({@code sessions.md}).
 * Before the first filter the gateway sets {@link ExchangeAttributes}: the resolved target,
 * the A2A method, task and context ids, the start time and the peer certificates.
 *
 * <p>Event loops never block: each request runs its filters on a virtual thread (at most
 * {@link GatewayLimits#maxInFlight()} at once), reading from the client stops while a request
 * is processed, and streamed responses follow the client's pace. {@link #close()} stops
 * accepting, drains in-flight requests and is idempotent. Thread-safe.
 *
 * <pre>{@code
 * AcfClient ans = AcfClient.builder().ans(URI.create("https://ans.ops.example.net")).build();
 * // Registered once with a bootstrap token and saved (AgentIdentity.save); renewed from now on.
 * AgentIdentity identity = AgentIdentity.load(Path.of("/etc/acf/gateway"));
 * AutoRenewal renewal = ans.keepRenewed(identity);
 * CountDownLatch shutdown = new CountDownLatch(1);   // counted down by a shutdown hook
 * try (GatewayServer gateway = GatewayServer.builder()
 *         .lookup(ans)                                    // resolution, revocation events, CRL at ans.ans()
 *         .identity(identity)                             // TLS listener + upstream mTLS with ANS certificates
 *         .clientAuth(GatewayTls.ClientAuth.OPTIONAL)     // certificate-less callers: catalogue and cards only
 *         .host("0.0.0.0").tlsPort(8443)
 *         .auditDirectory(Path.of("/var/log/acf/gateway")) // audit.jsonl, rotated, one JSON event per call
 *         .meterRegistry(prometheusRegistry)              // acf.gateway.requests, .latency, .inflight, .errors
 *         .permissionPolicy(policy)                       // default: allow every authenticated caller
 *         .filter(FilterStage.QOS, rateLimiter)           // your filters run after the built-ins of a stage
 *         .expose(AgentName.parse("ans://rca.broadband.ops.example.net"))
 *         .build()
 *         .start()) {
 *     URI base = gateway.baseUri();   // https://0.0.0.0:8443
 *     // A caller presents its own ANS certificate (callerIdentity.sslContext()) and, instead of a host
 *     // name, checks that the gateway's certificate names ans://v1.0.0.gateway.ops.example.net; then:
 *     //   POST {base}/agents/ans%3A%2F%2Frca.broadband.ops.example.net   {"jsonrpc":"2.0","method":"SendMessage",...}
 *     //   GET  {base}/agents/ans%3A%2F%2Frca.broadband.ops.example.net/.well-known/agent-card.json
 *     //   GET  {base}/v1/catalog
 *     shutdown.await();
 * } finally {
 *     renewal.close();
 *     ans.close();
 * }
 * }</pre>
 *
 * <p>Without an identity the gateway serves plain HTTP (or the TLS of {@link Builder#tls}),
 * with tracing, metrics and, when configured, audit.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** The configuration key listing the discovered filter providers to enable, comma-separated. */
    public static final String FILTERS_KEY = "filters";
    /** The configuration key naming the {@link RouteResolverProvider} to use. */
    public static final String ROUTE_RESOLVER_KEY = "routeResolver";
    /** The configuration key naming the {@link LoadBalancerProvider} to use; default {@code peak-ewma} ({@code round-robin} also ships). */
    public static final String LOAD_BALANCER_KEY = "loadBalancer";
    /** The configuration key naming the {@link SessionStoreProvider} to use; default {@code embedded}. */
    public static final String SESSION_STORE_KEY = "sessionStore";
    /** The configuration key naming the {@link QosPolicyProvider} to use; default {@code rules}. */
    public static final String QOS_POLICY_KEY = "qosPolicy";

    private final GatewayPlan plan;
    private final FilterPipeline configured;
    private volatile @Nullable RunningGateway running;
    private boolean closed;

    private GatewayServer(GatewayPlan plan) {
        this.plan = plan;
        this.configured = FilterPipeline.of(plan.filters(), plan.builtIns().enabled());
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the built-in security and observability (revocation guard, audit file), binds the
     * listeners and starts serving; returns this.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized GatewayServer start() {
        if (running != null || closed) {
            throw new IllegalStateException("gateway already started or closed");
        }
        running = RunningGateway.start(plan);
        AgentIdentity identity = plan.builtIns().identity();
        LOG.info("gateway listening at {}{}", baseUri(), identity != null ? " as " + identity.name() : "");
        return this;
    }

    private RunningGateway running() {
        RunningGateway r = running;
        if (r == null) {
            throw new IllegalStateException("gateway not started");
        }
        return r;
    }

    /** Returns the primary listener's address: TLS when configured, else plaintext. */
    public InetSocketAddress address() {
        return running().address();
    }

    /** Returns the plaintext listener's address, when there is one. */
    public Optional<InetSocketAddress> plaintextAddress() {
        RunningGateway r = running;
        return Optional.ofNullable(r == null ? null : r.plaintextAddress());
    }

    /** Returns the TLS listener's address, when there is one. */
    public Optional<InetSocketAddress> tlsAddress() {
        RunningGateway r = running;
        return Optional.ofNullable(r == null ? null : r.tlsAddress());
    }

    /** Returns the address of the admin listener serving {@code GET /metrics}, when there is one. */
    public Optional<InetSocketAddress> metricsAddress() {
        RunningGateway r = running;
        return Optional.ofNullable(r == null ? null : r.metricsAddress());
    }

    /** Returns {@code https://host:port} of the TLS listener, else {@code http://host:port}. */
    public URI baseUri() {
        RunningGateway r = running();
        return URI.create((r.tlsAddress() != null ? "https://" : "http://") + RunningGateway.authority(r.address()));
    }

    /** Returns the number of requests received and not yet answered. */
    public int inFlight() {
        RunningGateway r = running;
        return r == null ? 0 : r.inFlight();
    }

    /**
     * Returns the filters in the order they run: once started, the built-ins included; before,
     * the configured and discovered ones with the built-in validation.
     */
    public List<GatewayFilter> filters() {
        RunningGateway r = running;
        return r == null ? configured.filters() : r.pipeline().filters();
    }

    /**
     * Returns the meters the built-in metrics filter records into.
     *
     * @throws IllegalStateException when not started
     */
    public GatewayMetrics metrics() {
        return running().builtIns().metrics();
    }

    /**
     * Returns the anomaly blocking (GW-SEC-2): the detector, the suspensions in force here.
     *
     * @throws IllegalStateException when not started
     */
    public AnomalyGuard anomalies() {
        return running().builtIns().anomalies();
    }

    /**
     * Stops accepting, drains in-flight requests (up to {@link GatewayLimits#drainTimeout()}),
     * releases everything, and last closes the audit file the gateway opened. Idempotent.
     */
    @Override
    public void close() {
        RunningGateway r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = running;
        }
        if (r != null) {
            r.close();
        }
    }

    /** Builds a {@link GatewayServer}; not thread-safe. Only {@link #lookup} is required. */
    public static final class Builder {
        private @Nullable AnsLookup lookup;
        private String host = "127.0.0.1";
        private @Nullable Integer plaintextPort;
        private @Nullable ListenerTls tls;
        private int tlsPort;
        private @Nullable UpstreamTls upstreamTls;
        private GatewayLimits limits = GatewayLimits.defaults();
        private final Map<FilterStage, List<GatewayFilter>> filters = new EnumMap<>(FilterStage.class);
        private final Set<String> enabledProviders = new LinkedHashSet<>();
        private ProviderConfig config = ProviderConfig.empty();
        private @Nullable ClassLoader classLoader;
        private final List<AgentName> exposed = new ArrayList<>();
        private Duration cacheTtl = Duration.ofSeconds(30);
        private @Nullable URI publicBaseUri;
        private @Nullable AgentIdentity identity;
        private @Nullable List<X509Certificate> trustAnchors;
        private GatewayTls.ClientAuth clientAuth = GatewayTls.ClientAuth.OPTIONAL;
        private @Nullable URI ansUri;
        private Duration crlInterval = Duration.ofSeconds(30);
        private @Nullable Path auditDirectory;
        private @Nullable AuditSink auditSink;
        private @Nullable MeterRegistry meterRegistry;
        private @Nullable PermissionPolicy policy;
        private @Nullable ContentInspector inspector;
        private boolean contentInspection;
        private @Nullable BearerTokens bearer;
        private @Nullable RouteResolver routeResolver;
        private @Nullable Hierarchy hierarchy;
        private @Nullable LoadBalancer loadBalancer;
        private UpstreamProtocols upstreamProtocols = UpstreamProtocols.defaults();
        private @Nullable Integer metricsPort;
        private boolean metricsOnPlaintext;
        private Compression compression = Compression.defaults();
        private @Nullable SessionStore sessionStore;
        private @Nullable Path sessionDirectory;
        private @Nullable QosSettings qos;
        private @Nullable QosPolicy qosPolicy;
        private boolean builtIns = true;
        private @Nullable ContentRedaction redaction;
        private @Nullable AnomalySettings anomalySettings;
        private @Nullable SuspensionPolicy suspensionPolicy;
        private @Nullable AnsMonitor ansMonitor;
        private @Nullable InteractionFeed interactionFeed;
        private boolean reportInteractions;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets how callers' rates and targets are learned and judged (GW-SEC-2); default: the
         * {@code anomaly.*} keys of {@link #config} over {@link AnomalySettings#defaults()}.
         */
        public Builder anomalyDetection(AnomalySettings value) {
            anomalySettings = Objects.requireNonNull(value, "anomalyDetection");
            return this;
        }

        /**
         * Sets which anomalies suspend their caller; default: the {@code anomaly.suspend.*} keys of
         * {@link #config} over {@link SuspensionPolicy#defaults()} (bursts of 10x the baseline and 50 calls).
         */
        public Builder suspensionPolicy(SuspensionPolicy value) {
            suspensionPolicy = Objects.requireNonNull(value, "suspensionPolicy");
            return this;
        }

        /**
         * Reports anomalies to and follows the suspensions of this ANS ({@code AnsServer.monitor()}
         * in-process); default with an identity and an {@code AcfClient} lookup: {@code client.monitor(identity)},
         * else none (suspensions stay local to this gateway).
         */
        public Builder ansMonitor(AnsMonitor value) {
            ansMonitor = Objects.requireNonNull(value, "ansMonitor");
            return this;
        }

        /**
         * Sends every call's audit event to this feed of ANS's interaction graph (ANS-MON-1):
         * {@code ansServer.graph()} in-process, {@code acfClient.interactions(identity)} remotely.
         * Batched on a background thread through a bounded queue: when ANS is down, events are
         * dropped and counted ({@code acf.gateway.graph.dropped}), requests never wait. Off by default.
         */
        public Builder interactionFeed(InteractionFeed value) {
            interactionFeed = Objects.requireNonNull(value, "interactionFeed");
            reportInteractions = true;
            return this;
        }

        /**
         * Sets whether audit events go to ANS's interaction graph (default false): true with an
         * identity and an {@code AcfClient} lookup reports through {@code client.interactions(identity)},
         * signed with the gateway's key, unless {@link #interactionFeed} names another feed.
         */
        public Builder reportInteractions(boolean value) {
            reportInteractions = value;
            return this;
        }

        /** Sets the clock anomaly baselines are timed with; default the system clock (tests move one by hand). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

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

        /**
         * Makes the gateway an ANS agent with this certified identity: a TLS listener presenting it
         * (renewals followed), callers and agents verified against the ANS CA, revocations followed
         * through the lookup, authentication and authorization filters. Keep it renewed with
         * {@code AcfClient.keepRenewed}.
         */
        public Builder identity(AgentIdentity value) {
            identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /** Sets the CA certificates callers and agents must chain to; default: the identity's CA chain. */
        public Builder trustAnchors(List<X509Certificate> value) {
            trustAnchors = List.copyOf(value);
            return this;
        }

        /** Sets whether the identity's listener requires client certificates; default {@code OPTIONAL} (then 401 off the catalogue and cards). */
        public Builder clientAuth(GatewayTls.ClientAuth value) {
            clientAuth = Objects.requireNonNull(value, "clientAuth");
            return this;
        }

        /** Sets the ANS base URI whose CRL ({@code /v1/ca/crl}) backs up revocation events; default: the lookup's, when it is an {@code AcfClient}. */
        public Builder ansUri(URI value) {
            ansUri = Objects.requireNonNull(value, "ansUri");
            return this;
        }

        /** Sets how often the CRL is fetched; default 30 s. */
        public Builder crlInterval(Duration value) {
            crlInterval = Objects.requireNonNull(value, "crlInterval");
            return this;
        }

        /** Writes one JSON line per call to {@code audit.jsonl} in this directory (rotated), opened at start and closed with the gateway. */
        public Builder auditDirectory(Path value) {
            auditDirectory = Objects.requireNonNull(value, "auditDirectory");
            return this;
        }

        /** Sends audit events to this sink instead of a file; the caller closes it after the gateway. */
        public Builder auditSink(AuditSink value) {
            auditSink = Objects.requireNonNull(value, "auditSink");
            return this;
        }

        /** Records the gateway's metrics in this registry; default: a private one, see {@link GatewayServer#metrics()}. */
        public Builder meterRegistry(MeterRegistry value) {
            meterRegistry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * Inspects A2A message parts (requests, answers, streamed events) for prompt injection with this
         * inspector (GW-SEC-2); see {@link dev.acf.gateway.filter.InspectionFilter}. Turns inspection on.
         */
        public Builder contentInspector(ContentInspector value) {
            inspector = Objects.requireNonNull(value, "inspector");
            contentInspection = true;
            return this;
        }

        /**
         * Turns content inspection on or off (off by default). On without an explicit inspector, the
         * highest-priority {@link ContentInspectorProvider} found on the class path is used (the built-in
         * detector of acf-ans when present); none found fails {@code build()}.
         */
        public Builder contentInspection(boolean value) {
            contentInspection = value;
            return this;
        }

        /** Decides who may call or discover which agent; default: allow every caller that authenticated. */
        public Builder permissionPolicy(PermissionPolicy value) {
            policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * Lets callers without a client certificate authenticate with a bearer JWT (people, scripts,
         * services that are not agents); a certificate wins when both are presented. Without an
         * identity this makes authentication required on every path but the catalogue and cards.
         */
        public Builder bearerTokens(BearerTokens value) {
            bearer = Objects.requireNonNull(value, "bearer");
            return this;
        }

        /** Maps requests to agents with this resolver instead of a discovered one or the ANS name in the path. */
        public Builder routeResolver(RouteResolver value) {
            routeResolver = Objects.requireNonNull(value, "routeResolver");
            return this;
        }

        /**
         * Places the gateway in a hierarchy of gateways (GW-SCALE-2): it resolves the names of its own
         * name space, forwards delegated names to child gateways and every other name to its parent,
         * stops routing loops and passes the original caller on ({@code gateway.md}, "Hierarchical gateways").
         * The route resolver (given or default) then serves the owned names only.
         */
        public Builder hierarchy(Hierarchy value) {
            hierarchy = Objects.requireNonNull(value, "hierarchy");
            return this;
        }

        /** Chooses among an agent's endpoints with this balancer instead of the discovered one (peak-EWMA by default). */
        public Builder loadBalancer(LoadBalancer value) {
            loadBalancer = Objects.requireNonNull(value, "loadBalancer");
            return this;
        }

        /**
         * Keeps streamed events and checkpoints in this store instead of the discovered one (by
         * default the {@link EmbeddedSessionStore}, in memory); the caller closes it after the gateway.
         */
        public Builder sessionStore(SessionStore value) {
            sessionStore = Objects.requireNonNull(value, "sessionStore");
            return this;
        }

        /**
         * Keeps the embedded session store's events and checkpoints in {@code sessions.log} in this
         * directory, so that callers can resume streams across a gateway restart; default: memory only.
         */
        public Builder sessionDirectory(Path value) {
            sessionDirectory = Objects.requireNonNull(value, "sessionDirectory");
            return this;
        }

        /**
         * Sets the QoS admission (classes, queues, shedding, rate limits); default: the {@code qos.*}
         * keys of {@link #config} over {@link QosSettings#defaults()}. {@link QosSettings#disabled()} switches it off.
         */
        public Builder qos(QosSettings value) {
            qos = Objects.requireNonNull(value, "qos");
            return this;
        }

        /**
         * Sets tiered content security (ANS-SEC-3): answers redacted for the caller's clearance, calls to
         * agents classified above it refused, clearance rules; default: the {@code redaction.*} keys of
         * {@link #config} over {@link ContentRedaction#defaults()} (on). {@link ContentRedaction#disabled()} switches it off.
         */
        public Builder contentRedaction(ContentRedaction value) {
            redaction = Objects.requireNonNull(value, "redaction");
            return this;
        }

        /** Assigns QoS classes with this policy instead of the discovered one (the {@link RuleQosPolicy} by default). */
        public Builder qosPolicy(QosPolicy value) {
            qosPolicy = Objects.requireNonNull(value, "qosPolicy");
            return this;
        }

        /** Sets when agents are called over HTTP/2; default {@link UpstreamProtocols#defaults()} (h2 by ALPN over TLS). */
        public Builder upstreamProtocols(UpstreamProtocols value) {
            upstreamProtocols = Objects.requireNonNull(value, "upstreamProtocols");
            return this;
        }

        /**
         * Serves {@code GET /metrics} (Prometheus text format) on an admin listener at this port
         * (0 = any) of the listen address. The meters go to a Prometheus registry: the one given to
         * {@link #meterRegistry} when it is one, else one added beside it.
         */
        public Builder metricsPort(int value) {
            metricsPort = checkPort(value);
            return this;
        }

        /** Also serves {@code GET /metrics} on the plaintext listener, ahead of the filters (not audited); default false. */
        public Builder metricsOnPlaintextPort(boolean value) {
            metricsOnPlaintext = value;
            return this;
        }

        /** Adds a TLS listener with this server context, instead of the identity's (custom setups). */
        public Builder tls(SslContext value) {
            tls = ListenerTls.of(value);
            return this;
        }

        /** Sets the TLS listener's port (0 = any, the default). */
        public Builder tlsPort(int value) {
            tlsPort = checkPort(value);
            return this;
        }

        /**
         * Sets the client TLS context for {@code https} agents, instead of the identity's
         * (custom setups: the chain is verified, the agent's ANS name is not); default without
         * identity: the JDK's trust.
         */
        public Builder upstreamTls(SslContext value) {
            upstreamTls = UpstreamTls.of(value);
            return this;
        }

        /** Sets how responses are compressed and encoded request bodies decoded; default {@link Compression#defaults()} (on). */
        public Builder compression(Compression value) {
            compression = Objects.requireNonNull(value, "compression");
            return this;
        }

        /**
         * Sets whether the built-in filters run (JSON-RPC validation, tracing, metrics, audit);
         * default true. Off, only the filters added to the builder run: what the bare proxy costs
         * ({@code benchmarks/gateway-vs-nginx.sh}), or a deployment whose own filters replace
         * them. Refused with an identity, bearer tokens, a permission policy or audit, which
         * need the built-ins.
         */
        public Builder builtIns(boolean value) {
            builtIns = value;
            return this;
        }

        /** Sets the limits; default {@link GatewayLimits#defaults()}. */
        public Builder limits(GatewayLimits value) {
            limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** Adds a filter to a stage, after the built-ins and the filters already added to it. */
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
         * Validates the settings, discovers the enabled filter providers and returns the gateway
         * (not started: the revocation guard, audit file and listeners start with {@link GatewayServer#start()}).
         *
         * @throws ConfigurationException when the lookup is missing or an enabled provider is not found
         */
        public GatewayServer build() {
            if (lookup == null) {
                throw new ConfigurationException("the gateway needs an AnsLookup: call lookup(ansServer.lookup()) or lookup(acfClient)");
            }
            if (identity == null && (trustAnchors != null || ansUri != null)) {
                throw new ConfigurationException("trust anchors and the ANS CRL serve the gateway's identity: call identity(...) too");
            }
            if (!builtIns && (identity != null || bearer != null || policy != null || auditDirectory != null || auditSink != null
                    || hierarchy != null || reportInteractions)) {
                throw new ConfigurationException("an identity, bearer tokens, a permission policy, audit and a hierarchy need the built-in"
                        + " filters: do not call builtIns(false) with them");
            }
            if (reportInteractions && interactionFeed == null && (identity == null || !(lookup instanceof AcfClient))) {
                throw new ConfigurationException("reporting to ANS's interaction graph needs an identity and an AcfClient lookup,"
                        + " or interactionFeed(...)");
            }
            ClassLoader loader = classLoader != null ? classLoader : GatewayServer.class.getClassLoader();
            Map<FilterStage, List<GatewayFilter>> all = FilterProviders.discover(enabledProviders, config, loader);
            // Explicit filters after discovered ones within a stage: the builder's order is the user's last word.
            filters.forEach((stage, list) -> all.computeIfAbsent(stage, k -> new ArrayList<>()).addAll(list));
            boolean listensTls = tls != null || identity != null;
            Integer plaintext = !listensTls && plaintextPort == null ? Integer.valueOf(0) : plaintextPort;
            if (metricsOnPlaintext && plaintext == null) {
                throw new ConfigurationException("metrics on the plaintext port need a plaintext listener: call port(...) too");
            }
            LoadBalancer balancer = ExtensionLoader.resolve(loadBalancer, LoadBalancerProvider.class, loader,
                    config.get(LOAD_BALANCER_KEY).orElse(null), config);
            RouteResolver routes = routeResolver;
            String namedResolver = config.get(ROUTE_RESOLVER_KEY).orElse(null);
            if (routes == null && (namedResolver != null || !ExtensionLoader.providers(RouteResolverProvider.class, loader).isEmpty())) {
                routes = ExtensionLoader.<RouteResolver, RouteResolverProvider>resolve(null, RouteResolverProvider.class, loader,
                        namedResolver, config);
            }
            ProviderConfig providerConfig = sessionDirectory == null ? config
                    : config.with(EmbeddedSessionStoreProvider.DIRECTORY, sessionDirectory.toString());
            SessionStoreProvider sessions = ExtensionLoader.select(SessionStoreProvider.class, loader,
                    config.get(SESSION_STORE_KEY).orElse(null));
            boolean prometheus = metricsPort != null || metricsOnPlaintext;
            QosSettings qosSettings = qos != null ? qos : QosSettings.fromConfig(config, QosSettings.defaults());
            if (qosSettings.capacity() == 0) {
                qosSettings = qosSettings.toBuilder().capacity(limits.maxInFlight()).build();
            }
            QosPolicy classes = ExtensionLoader.resolve(qosPolicy, QosPolicyProvider.class, loader,
                    config.get(QOS_POLICY_KEY).orElse(null), config);
            ContentInspector contentInspector = !contentInspection ? null
                    : ExtensionLoader.<ContentInspector, ContentInspectorProvider>resolve(inspector, ContentInspectorProvider.class, loader,
                            null, config);
            BuiltIns.Settings defaults = new BuiltIns.Settings(identity, trustAnchors, clientAuth, ansUri, crlInterval,
                    auditDirectory, auditSink, meterRegistry, policy, bearer, upstreamProtocols.http2OverTls(), prometheus,
                    qosSettings, classes, contentInspector,
                    redaction != null ? redaction : ContentRedaction.fromConfig(config, ContentRedaction.defaults()),
                    new AnomalyOptions(
                            anomalySettings != null ? anomalySettings : AnomalySettings.fromConfig(config, AnomalySettings.defaults()),
                            suspensionPolicy != null ? suspensionPolicy : SuspensionPolicy.fromConfig(config, SuspensionPolicy.defaults()),
                            ansMonitor, clock, interactionFeed, reportInteractions),
                    builtIns, hierarchy);
            return new GatewayServer(new GatewayPlan(lookup, host, plaintext, tls, tlsPort, upstreamTls, limits, all, defaults,
                    exposed, cacheTtl, publicBaseUri, routes, balancer, upstreamProtocols, metricsPort, metricsOnPlaintext, sessionStore,
                    sessions, providerConfig, compression));
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            return port;
        }
    }
}
