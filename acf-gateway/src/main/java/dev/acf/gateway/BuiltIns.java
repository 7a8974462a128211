package dev.acf.gateway;

import dev.acf.api.audit.AuditSink;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.QosPolicy;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.security.AgentClassification;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.api.security.ContentInspector;
import dev.acf.api.security.PermissionPolicy;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.api.monitor.AnsMonitor;
import dev.acf.api.monitor.InteractionFeed;
import io.micrometer.core.instrument.Gauge;
import dev.acf.gateway.anomaly.AnomalyGuard;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.audit.InteractionReportingSink;
import dev.acf.gateway.audit.JsonLinesAuditSink;
import dev.acf.gateway.catalog.AgentCatalog;
import dev.acf.gateway.filter.AuditFilter;
import dev.acf.gateway.filter.AuthenticationFilter;
import dev.acf.gateway.filter.AuthorizationFilter;
import dev.acf.gateway.filter.BearerTokens;
import dev.acf.gateway.filter.InspectionFilter;
import dev.acf.gateway.filter.MetricsFilter;
import dev.acf.gateway.filter.RevocationFilter;
import dev.acf.gateway.filter.TracingFilter;
import dev.acf.gateway.hierarchy.Hierarchy;
import dev.acf.gateway.hierarchy.HopFilter;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.proxy.AgentResolver;
import dev.acf.gateway.proxy.UpstreamTls;
import dev.acf.gateway.qos.QosFilter;
import dev.acf.gateway.qos.QosSettings;
import dev.acf.gateway.redact.ContentRedaction;
import dev.acf.gateway.redact.RedactionFilter;
import dev.acf.gateway.redact.Redactor;
import dev.acf.gateway.server.ListenerTls;
import dev.acf.gateway.server.RefusalListener;
import dev.acf.gateway.tls.CallerCertificates;
import dev.acf.gateway.tls.GatewayTls;
import dev.acf.gateway.tls.RevocationGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's built-in security and observability, made live by {@code GatewayServer.start()}
 * from the builder's settings and closed with the gateway.
 *
 * <pre>
 *   SECURITY:      [early answers] anomaly outer -> revocation -> authentication -> anomaly inner -> authorization
 *   QOS:           classes, rate limits, overload shedding                          (unless disabled)
 *   INSPECTION:    content inspection                                               (when an inspector is configured)
 *   OBSERVABILITY: [marker] tracing -> metrics -> audit -> redaction                (audit when configured; redaction unless disabled)
 *   audit events:  the file or given sink, and ANS's interaction graph when reported (batched off the request path)
 * </pre>
 *
 * <p>Transport refusals (before any filter) reach audit and metrics through {@link #refusals()}.
 * With bearer tokens configured, callers without a certificate may authenticate with a JWT.
 * With an identity: the TLS listener and upstream mTLS come from {@link GatewayTls}, a
 * {@link RevocationGuard} follows the lookup's events (and the ANS CRL when the ANS address is
 * known), anonymous callers may read only the catalogue and agent cards. Built-ins run before
 * the filters added to the same stage. Thread-safe once started.
 */
final class BuiltIns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BuiltIns.class);

    /**
     * What the builder says about security and observability.
     *
     * @param identity the gateway's ANS identity; null for no built-in TLS and authentication
     * @param trustAnchors the CA certificates callers and agents must chain to; null for the identity's CA chain
     * @param clientAuth whether the listener requires client certificates
     * @param ansUri where the ANS serves its CRL; null to take it from an {@code AcfClient} lookup, if any
     * @param crlInterval how often the CRL is fetched
     * @param auditDirectory where the JSON-lines audit file goes; null for none (unless a sink is given)
     * @param auditSink the sink audit events go to, owned by the caller; null for the directory's file
     * @param registry the meter registry; null for a private {@code SimpleMeterRegistry}
     * @param policy the authorization policy; null for allow-all (and no authorization filter without identity)
     * @param bearer verifies bearer JWTs of callers without a certificate; null for none
     * @param upstreamHttp2 whether the identity's upstream TLS offers h2 by ALPN
     * @param prometheus whether the meters must be scrapeable (a Prometheus registry is added when the given one is not)
     * @param qos the QoS admission settings, capacity resolved
     * @param qosPolicy assigns each request its QoS class
     * @param inspector inspects message parts for prompt injection (stage INSPECTION); null for none
     * @param enabled whether the built-in filters run at all (off: no filter, no audit; TLS and meters still set up)
     * @param redaction tiered content security: clearance rules, redaction of answers
     * @param anomalies anomaly detection, suspension policy and the ANS link
     * @param hierarchy the gateway's place in a hierarchy of gateways, or null for a stand-alone gateway
     */
    record Settings(@Nullable AgentIdentity identity, @Nullable List<X509Certificate> trustAnchors, GatewayTls.ClientAuth clientAuth,
            @Nullable URI ansUri, Duration crlInterval, @Nullable Path auditDirectory, @Nullable AuditSink auditSink,
            @Nullable MeterRegistry registry, @Nullable PermissionPolicy policy, @Nullable BearerTokens bearer, boolean upstreamHttp2,
            boolean prometheus, QosSettings qos, QosPolicy qosPolicy, @Nullable ContentInspector inspector, ContentRedaction redaction,
            AnomalyOptions anomalies, boolean enabled, @Nullable Hierarchy hierarchy) {}

    private final GatewayMetrics metrics;
    private final @Nullable PrometheusMeterRegistry scrape;
    private final boolean ownsScrape;
    private final Map<FilterStage, List<GatewayFilter>> filters = new EnumMap<>(FilterStage.class);
    private RefusalListener refusals = RefusalListener.NONE;
    private @Nullable GatewayTls tls;
    private @Nullable RevocationGuard guard;
    private @Nullable JsonLinesAuditSink ownedSink;
    private @Nullable InteractionReportingSink graphSink;
    private @Nullable AnomalyGuard anomalies;

    private BuiltIns(@Nullable MeterRegistry given, boolean prometheus) {
        MeterRegistry registry = given;
        PrometheusMeterRegistry scrapeable = null;
        boolean owned = false;
        if (prometheus) {
            if (given instanceof PrometheusMeterRegistry p) {
                scrapeable = p;
            } else {
                scrapeable = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                owned = true;
                if (given == null) {
                    registry = scrapeable;
                } else {
                    // The user's registry keeps receiving everything; the scrape endpoint reads the added one.
                    CompositeMeterRegistry both = new CompositeMeterRegistry();
                    both.add(given);
                    both.add(scrapeable);
                    registry = both;
                }
            }
        }
        this.metrics = registry != null ? new GatewayMetrics(registry) : new GatewayMetrics();
        this.scrape = scrapeable;
        this.ownsScrape = owned;
    }

    /**
     * Starts the guard and the audit file, builds TLS and the filters; releases what it started when it fails.
     *
     * @param agents the gateway's cached resolution, where agents' classifications come from
     */
    static BuiltIns start(Settings s, AnsLookup lookup, AgentResolver agents) {
        BuiltIns b = new BuiltIns(s.registry(), s.prometheus());
        try {
            b.assemble(s, lookup, agents);
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private void assemble(Settings s, AnsLookup lookup, AgentResolver agents) {
        if (!s.enabled()) {
            return;
        }
        AuditSink sink = s.auditSink();
        if (sink == null && s.auditDirectory() != null) {
            ownedSink = JsonLinesAuditSink.builder(s.auditDirectory()).build();
            sink = ownedSink;
        }
        AgentIdentity identity = s.identity();
        AnomalyOptions a = s.anomalies();
        InteractionFeed feed = a.interactions() != null ? a.interactions()
                : a.reportInteractions() && identity != null && lookup instanceof AcfClient client ? client.interactions(identity) : null;
        if (feed != null) {
            InteractionReportingSink graph = new InteractionReportingSink(feed, InteractionReportingSink.DEFAULT_CAPACITY);
            graphSink = graph;
            Gauge.builder("acf.gateway.graph.dropped", graph, InteractionReportingSink::dropped)
                    .description("audit events ANS's interaction graph did not get (queue full, ANS unreachable)").register(metrics.registry());
            sink = sink == null ? graph : new Both(sink, graph);
        }
        GatewayFilter metered = new MetricsFilter(metrics);
        GatewayFilter audit = sink == null ? null : AuditFilter.builder(sink).build();
        CallerCertificates callers = CallerCertificates.forDomains(List.of());
        refusals = new TransportRefusals(metrics, sink, callers);
        EarlyAnswers early = new EarlyAnswers(metered, audit, callers);
        AnsMonitor monitor = a.monitor() != null ? a.monitor()
                : identity != null && lookup instanceof AcfClient client ? client.monitor(identity) : null;
        AnomalyGuard anomaly = AnomalyGuard.builder().settings(a.settings()).policy(a.policy()).clock(a.clock()).auditSink(sink)
                .meterRegistry(metrics.registry()).monitor(monitor).callers(callers).start();
        anomalies = anomaly;
        List<GatewayFilter> security = new ArrayList<>(List.of(early.outer(), anomaly.outer()));
        if (identity != null) {
            List<X509Certificate> anchors = s.trustAnchors() != null ? s.trustAnchors() : identity.caChain();
            URI ans = s.ansUri() != null ? s.ansUri() : lookup instanceof AcfClient client ? client.ans() : null;
            RevocationGuard.Builder revocations = RevocationGuard.builder(lookup).crlInterval(s.crlInterval());
            if (ans != null) {
                revocations.crl(ans, anchors);
            } else {
                LOG.info("no ANS address for the CRL fallback: revocations are known from ANS events only");
            }
            RevocationGuard g = revocations.start();
            guard = g;
            tls = GatewayTls.builder(identity)
                    .trustAnchors(anchors)
                    .clientAuth(s.clientAuth())
                    .revocationGuard(g)
                    .applicationProtocols(List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .upstreamApplicationProtocols(s.upstreamHttp2()
                            ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1) : List.of())
                    .build();
            security.add(new RevocationFilter(g));
        }
        if (identity != null || s.bearer() != null) {
            AuthenticationFilter.Builder authentication = AuthenticationFilter.builder(callers).anonymousWhen(BuiltIns::anonymousPath)
                    .clearances(s.redaction().clearances());
            if (s.bearer() != null) {
                authentication.bearerTokens(s.bearer());
            }
            security.add(authentication.build());
        }
        if (s.hierarchy() != null) {
            // After authentication (it trusts only authenticated gateways), before authorization (which sees the original caller).
            security.add(new HopFilter(s.hierarchy()));
        }
        security.add(anomaly.inner());
        if (identity != null || s.bearer() != null || s.policy() != null) {
            security.add(s.policy() != null ? new AuthorizationFilter(s.policy()) : new AuthorizationFilter());
        }
        filters.put(FilterStage.SECURITY, security);
        if (s.qos().enabled()) {
            filters.put(FilterStage.QOS, List.of(new QosFilter(s.qos(), s.qosPolicy(), metrics.registry(), s.qos().capacity())));
        }
        if (s.inspector() != null) {
            // Before the observability stage: a blocked request never reaches the audit filter, so this one audits it.
            filters.put(FilterStage.INSPECTION, new ArrayList<>(List.of(InspectionFilter.builder(s.inspector()).auditSink(sink).build())));
        }
        List<GatewayFilter> observability = new ArrayList<>(List.of(early.marker(), new TracingFilter(), metered));
        if (audit != null) {
            observability.add(audit);
        }
        if (s.redaction().enabled()) {
            // After audit: the audit sees what was redacted, and never records a value the caller could not see.
            Redactor redactor = s.redaction().redactor() != null ? s.redaction().redactor() : Redactor.builder().build();
            // Known from the cache on the event loop; an agent not cached yet is resolved on a virtual thread.
            observability.add(RedactionFilter.builder(redactor)
                    .classifications(name -> classification(agents.resolve(name)), name -> {
                        Optional<AgentRecord> cached = agents.cached(name);
                        return cached == null ? null : classification(cached);
                    })
                    .auditSink(sink)
                    .skipPaths(BuiltIns::anonymousPath)
                    .build());
        }
        filters.put(FilterStage.OBSERVABILITY, observability);
    }

    /** Both sinks get every event: the audit file (or the given sink) and the graph's; closed by their owners. */
    private record Both(AuditSink first, AuditSink second) implements AuditSink {
        @Override
        public void accept(dev.acf.api.audit.AuditEvent event) {
            try {
                first.accept(event);
            } finally {
                second.accept(event);
            }
        }
    }

    private static AgentClassification classification(Optional<AgentRecord> agent) {
        return agent.map(r -> AgentClassification.of(r.agentCard())).orElse(AgentClassification.of(ClassificationLevel.PUBLIC));
    }

    /** The catalogue and the agents' cards: what a caller needs to find agents before it has a certificate. */
    static boolean anonymousPath(String path) {
        if (path.equals(AgentCatalog.PATH) || path.startsWith(AgentCatalog.PATH + "/") || path.equals(AgentPath.CARD)) {
            return true;
        }
        try {
            return AgentPath.parse(path).map(AgentPath::isCard).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Returns the built-in filters by stage, to run before the configured ones. */
    Map<FilterStage, List<GatewayFilter>> filters() {
        return filters;
    }

    /** Returns the listener TLS of the identity, if one is configured. */
    @Nullable ListenerTls listenerTls() {
        GatewayTls t = tls;
        return t == null ? null : ListenerTls.of(t.serverContext(), t::serverHandler);
    }

    /** Returns the upstream mTLS of the identity, verifying each agent's ANS name, if one is configured. */
    @Nullable UpstreamTls upstreamTls() {
        GatewayTls t = tls;
        return t == null ? null : (alloc, agent, host, port) -> t.upstreamHandler(alloc, agent, port);
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    /** Returns where transport refusals are told: audit and metrics. */
    RefusalListener refusals() {
        return refusals;
    }

    /** Returns the registry the scrape endpoint reads, when one is configured. */
    @Nullable PrometheusMeterRegistry scrape() {
        return scrape;
    }

    @Nullable RevocationGuard guard() {
        return guard;
    }

    AnomalyGuard anomalies() {
        return java.util.Objects.requireNonNull(anomalies, "anomalies");
    }

    /** Stops the guard and flushes the audit file the gateway opened (a given sink stays open). */
    @Override
    public void close() {
        AnomalyGuard anomaly = anomalies;
        if (anomaly != null) {
            anomaly.close();
        }
        RevocationGuard g = guard;
        if (g != null) {
            g.close();
        }
        InteractionReportingSink graph = graphSink;
        if (graph != null) {
            graph.close();
        }
        JsonLinesAuditSink sink = ownedSink;
        if (sink != null) {
            sink.close();
        }
        PrometheusMeterRegistry p = scrape;
        if (ownsScrape && p != null) {
            p.close();
        }
    }
}
