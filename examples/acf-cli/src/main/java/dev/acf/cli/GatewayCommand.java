package dev.acf.cli;

import dev.acf.api.gateway.QosClass;
import dev.acf.api.name.AgentName;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.AutoRenewal;
import dev.acf.client.RemoteGrantPolicy;
import dev.acf.gateway.GatewayLimits;
import dev.acf.gateway.GatewayServer;
import dev.acf.gateway.anomaly.AnomalySettings;
import dev.acf.gateway.anomaly.SuspensionPolicy;
import dev.acf.gateway.balance.PeakEwmaLoadBalancerProvider;
import dev.acf.gateway.compress.Compression;
import dev.acf.gateway.filter.BearerTokens;
import dev.acf.gateway.hierarchy.Hierarchy;
import dev.acf.gateway.hierarchy.NextHop;
import dev.acf.gateway.proxy.UpstreamPolicy;
import dev.acf.gateway.proxy.UpstreamProtocols;
import dev.acf.gateway.qos.QosSettings;
import dev.acf.gateway.redact.Clearances;
import dev.acf.gateway.redact.ContentRedaction;
import dev.acf.gateway.qos.RuleQosPolicyProvider;
import dev.acf.gateway.session.jdbc.JdbcSessionStoreProvider;
import dev.acf.gateway.tls.GatewayTls;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acf gateway}: runs an AI Gateway in front of the agents of one ANS until SIGTERM or
 * Ctrl-C, printing its addresses once it listens. With {@code --tls-dir} the gateway is an ANS
 * agent with the identity saved there by {@code AgentIdentity.save} (key.pem, cert.pem,
 * ca.pem): it serves TLS 1.3 (h2 or HTTP/1.1 by ALPN) on {@code --port}, accepts client
 * certificates of the same CA only (callers without one may read the catalogue and cards),
 * calls https agents over mTLS checking their ANS names, refuses revoked certificates within a
 * second (ANS events, CRL fallback), and keeps the identity renewed in that directory. Every
 * call is audited as a JSON line in {@code --audit-dir}. Callers without a certificate may
 * authenticate with a bearer JWT ({@code --jwt-jwks} or {@code --jwt-public-key}, with
 * {@code --jwt-issuer} and {@code --jwt-audience}); {@code --metrics-port} serves
 * {@code GET /metrics} for Prometheus; {@code --upstream-h2c} calls plaintext agents over
 * HTTP/2 by prior knowledge (over TLS, h2 is chosen by ALPN unless {@code --no-upstream-h2}).
 * QoS admission is on with its defaults; {@code --qos-rule}, {@code --qos-limit},
 * {@code --qos-caller-rate}, {@code --qos-target-rate} and {@code --qos-header-trusted} tune it,
 * {@code --no-qos} switches it off.
 * {@code --session-store jdbc --session-jdbc-url ...} keeps sessions in PostgreSQL, shared by
 * several gateway instances (GW-SCALE-1).
 * Tiered content security is on: answers are redacted for the caller's clearance;
 * {@code --clearance GLOB=LEVEL} (or {@code role:NAME=LEVEL}) sets callers' clearances,
 * {@code --redaction-level KIND=LEVEL} re-classifies a kind of data, {@code --no-redaction} switches it off.
 * {@code --owns SUFFIX} with {@code --parent} and {@code --child SUFFIX=URI} places the gateway in a
 * hierarchy of gateways (GW-SCALE-2); {@code --trusted-gateway GLOB} names further gateways whose
 * forwarded callers are believed; {@code --peer DOMAIN} sends a federated peer domain's names to
 * its gateway, discovered through DNS ({@code --dns-server}) or given as
 * {@code DOMAIN=GATEWAY-URL,GATEWAY-NAME,CA-PEM} (ANS-SYNC-3).
 * Anomaly detection is on (GW-SEC-2): bursts suspend their caller, other anomalies are flagged;
 * {@code --suspend-on KIND} chooses what suspends, {@code --no-anomaly-detection} switches
 * detection off, {@code --set anomaly.KEY=VALUE} tunes the model.
 * {@code --grant-reader-token-env VAR} enforces the ANS's permission grants (ANS-SEC-1): the
 * gateway lists them with the grant reader token held in that environment variable and follows
 * their changes; a call without a grant gets {@code --default-permission} (deny by default).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run an AI Gateway: agents are called at /agents/{url-encoded ANS name}, listed at /v1/catalog.")
final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--ans", required = true, description = "the base URL of the ANS that resolves agent names, e.g. http://127.0.0.1:8400")
    URI ans = URI.create("http://127.0.0.1:8400");

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the listen address (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", defaultValue = "8443", description = "the TLS port, 0 for any (default: ${DEFAULT-VALUE})")
    int port = 8443;

    @Option(names = "--tls-dir", description = "the gateway's ANS identity (key.pem, cert.pem, ca.pem, as AgentIdentity.save writes them); renewals are saved there")
    Path tlsDir;

    @Option(names = "--require-client-cert", description = "refuse TLS handshakes without a client certificate (default: such callers may read the catalogue and cards only)")
    boolean requireClientCert;

    @Option(names = "--plaintext-port", description = "also (or only) serve plain HTTP on this port, 0 for any")
    Integer plaintextPort;

    @Option(names = "--audit-dir", description = "where audit.jsonl is written, one JSON event per call (default: gateway-audit next to --tls-dir, else ./gateway-audit)")
    Path auditDir;

    @Option(names = "--expose", paramLabel = "NAME", description = "an ANS name to list in the catalogue; once any is given, only those are routed (repeatable)")
    List<String> expose = List.of();

    @Option(names = "--public-url", description = "the address callers use (behind a load balancer), for rewritten agent cards")
    URI publicUrl;

    @Option(names = "--jwt-jwks", paramLabel = "FILE|URL", description = "verify bearer JWTs of callers without a certificate with this JWKS (a file, or an http(s) URL fetched and cached)")
    String jwtJwks;

    @Option(names = "--jwt-public-key", paramLabel = "PEM", description = "verify bearer JWTs with this RSA or EC public key (-----BEGIN PUBLIC KEY-----) instead of a JWKS")
    Path jwtPublicKey;

    @Option(names = "--jwt-issuer", description = "the exact iss bearer JWTs must carry (required with --jwt-jwks or --jwt-public-key)")
    String jwtIssuer;

    @Option(names = "--jwt-audience", description = "the aud bearer JWTs must carry: this gateway's name at the issuer (required with --jwt-jwks or --jwt-public-key)")
    String jwtAudience;

    @Option(names = "--metrics-port", description = "serve GET /metrics (Prometheus text format) on this admin port of --host, 0 for any")
    Integer metricsPort;

    @Option(names = "--metrics-on-plaintext-port", description = "also serve GET /metrics on --plaintext-port (not audited)")
    boolean metricsOnPlaintextPort;

    @Option(names = "--inspect-content", description = "inspect A2A message parts (requests, answers, streamed events) for prompt injection with the built-in detector; blocks answer 403 content_blocked with the rule id")
    boolean inspectContent;

    @Option(names = "--upstream-h2c", description = "call plaintext (http) agents over HTTP/2 by prior knowledge")
    boolean upstreamH2c;

    @Option(names = "--no-upstream-h2", description = "do not offer h2 by ALPN to https agents (HTTP/1.1 only)")
    boolean noUpstreamH2;

    @Option(names = "--no-qos", description = "switch off QoS admission (priority classes, queues, shedding, rate limits)")
    boolean noQos;

    @Option(names = "--qos-rule", paramLabel = "RULE", description = "a QoS class rule, first match wins, e.g. 'CRITICAL caller=ans://*.noc.example.net' or 'BULK method=ListTasks' (repeatable)")
    List<String> qosRules = List.of();

    @Option(names = "--qos-header-trusted", paramLabel = "GLOB", description = "callers whose x-acf-priority header may raise their class (default: none; anyone may lower it) (repeatable)")
    List<String> qosHeaderTrusted = List.of();

    @Option(names = "--qos-limit", paramLabel = "CLASS=CONCURRENT[/QUEUE]", description = "a class's concurrency and queue, e.g. bulk=64/64 (repeatable; defaults critical=256/256, standard=512/512, bulk=64/64)")
    List<String> qosLimits = List.of();

    @Option(names = "--qos-caller-rate", paramLabel = "RATE", description = "rate limit per caller, e.g. 100/s,200 (rate, burst); default none")
    String qosCallerRate;

    @Option(names = "--qos-target-rate", paramLabel = "RATE", description = "rate limit per target agent, e.g. 500/s,1000; default none")
    String qosTargetRate;
    @Option(names = "--session-store", description = "session store provider: embedded (default) or jdbc (PostgreSQL, shared by several gateway instances)")
    String sessionStore;

    @Option(names = "--session-jdbc-url", description = "the PostgreSQL database of the jdbc session store, e.g. jdbc:postgresql://db:5432/acf")
    String sessionJdbcUrl;

    @Option(names = "--session-db-user", description = "the database user of the jdbc session store")
    String sessionDbUser;

    @Option(names = "--session-password-env", paramLabel = "VAR",
            description = "read the session database password from this environment variable (keeps it off the command line)")
    String sessionPasswordEnv;

    @Option(names = "--session-setting", paramLabel = "KEY=VALUE",
            description = "another session store setting, e.g. session.poolSize=16 or session.maxAge=30m (repeatable)")
    Map<String, String> sessionSettings = new LinkedHashMap<>();
    @Option(names = "--compression", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "compress JSON, text and event-stream answers with zstd or gzip when the client accepts it (default: on; --no-compression turns it off)")
    boolean compression = true;

    @Option(names = "--compression-min-bytes", defaultValue = "1024", description = "the smallest whole answer compressed; streams are always (default: ${DEFAULT-VALUE})")
    int compressionMinBytes = 1024;

    @Option(names = "--max-connections", description = "open client connections accepted at once (default: 10000)")
    Integer maxConnections;

    @Option(names = "--clearance", paramLabel = "GLOB=LEVEL", description = "the clearance of callers whose subject (ANS name or token sub) matches GLOB, or with role:NAME, e.g. 'ans://*.noc.example.net=CONFIDENTIAL'; first match wins (repeatable)")
    List<String> clearances = List.of();

    @Option(names = "--redaction-level", paramLabel = "KIND=LEVEL", description = "classify a kind of sensitive data at another level, e.g. ipv4=INTERNAL (repeatable)")
    List<String> redactionLevels = List.of();

    @Option(names = "--no-redaction", description = "do not redact answers for the caller's clearance nor refuse calls to agents classified above it")
    boolean noRedaction;

    @Option(names = "--no-anomaly-detection", description = "do not learn callers' behaviour nor flag or suspend anomalies (suspensions made at ANS are still applied); "
            + "tune detection with --set anomaly.KEY=VALUE, e.g. anomaly.warmUp=PT5M or anomaly.spikeFactor=6")
    boolean noAnomalyDetection;

    @Option(names = "--suspend-on", paramLabel = "KIND", description = "an anomaly that suspends its caller at once, every other is flagged only: "
            + "burst[=FACTOR[/REQUESTS]] (a window of FACTOR times the baseline and REQUESTS calls, default 10/50), "
            + "denied-edges=N (N denied edges in one window), or none (repeatable; default: burst)")
    List<String> suspendOn = List.of();

    @Option(names = "--idle-timeout", description = "how long an idle keep-alive client connection stays open, e.g. 60s, 10m (default: 60s)")
    String idleTimeout;

    @Option(names = "--load-balancer", paramLabel = "NAME", description = "how an agent's instances are chosen: peak-ewma (default: latency and load, outlier ejection, health probes) or round-robin")
    String loadBalancer;

    @Option(names = "--health-check-interval", paramLabel = "DURATION", description = "probe agent instances this often, e.g. 5s (default), 0s for never")
    String healthCheckInterval;

    @Option(names = "--health-check-path", paramLabel = "PATH", description = "probe with GET of this path (e.g. /.well-known/agent-card.json) instead of a TCP connect")
    String healthCheckPath;

    @Option(names = "--max-requests-per-upstream", paramLabel = "N", description = "calls in progress per agent instance before 503 circuit_open (default: 1024)")
    Integer maxRequestsPerUpstream;

    @Option(names = "--retry-budget-percent", paramLabel = "N", description = "retries an agent may have in progress, as a percentage of its calls (default: 20, plus 5)")
    Integer retryBudgetPercent;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a provider setting, e.g. loadBalancer.consecutiveFailures=3 or upstream.maxAttempts=2 (repeatable)")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--owns", paramLabel = "SUFFIX", description = "the name space this gateway owns in a hierarchy of gateways, e.g. home.region1.example.net; other names go to --parent or a --child")
    String owns;

    @Option(names = "--parent", paramLabel = "URI[,ANS-NAME]", description = "the parent gateway receiving names outside --owns, e.g. https://core:8443,ans://v1.0.0.gateway.example.net (the name is checked by mTLS)")
    String parent;

    @Option(names = "--child", paramLabel = "SUFFIX=URI[,ANS-NAME]", description = "a sub-name-space of --owns delegated to a child gateway; longest suffix wins (repeatable)")
    List<String> children = List.of();

    @Option(names = "--trusted-gateway", paramLabel = "GLOB", description = "another gateway (ANS name glob) believed when it forwards a call on behalf of its caller; the parent and children are trusted already (repeatable)")
    List<String> trustedGateways = List.of();

    @Option(names = "--peer", paramLabel = "DOMAIN[=GATEWAY-URL,GATEWAY-NAME,CA-PEM]",
            description = "a federated peer domain outside --owns whose names go to its gateway (ANS-SYNC-3); DOMAIN alone discovers the"
                    + " gateway and its pinned CA through DNS (_ans._tcp.DOMAIN TXT gw= and ca=), the long form gives them: the gateway's"
                    + " https base URL, the ANS name its certificate carries and a PEM file of the domain's CA certificates (repeatable)")
    List<String> peers = List.of();

    @Option(names = "--dns-server", paramLabel = "HOST:PORT", converter = OptionConverters.DnsServer.class,
            description = "discover --peer domains through this DNS server (default: the system's resolver)")
    java.net.InetSocketAddress dnsServer;

    @Option(names = "--max-hops", paramLabel = "N", description = "the most gateways a forwarded call may pass (default: 8)")
    Integer maxHops;

    @Option(names = "--report-graph", description = "send every call's audit event to the ANS's interaction graph (GET /v1/graph),"
            + " batched off the request path and signed with the --tls-dir identity (an agent label beginning with 'gateway');"
            + " events are dropped and counted while the ANS is unreachable")
    boolean reportGraph;

    @CommandLine.Mixin
    GrantOptions grants = new GrantOptions();

    @Option(names = "--bare", description = "run no built-in filter (no JSON-RPC validation, tracing, metrics or audit): to measure the bare proxy; not with --tls-dir or bearer JWTs")
    boolean bare;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (tlsDir == null && plaintextPort == null) {
            throw new IllegalArgumentException("give --tls-dir (TLS on --port) or --plaintext-port, or both");
        }
        Path audit = auditDir != null ? auditDir
                : tlsDir != null ? tlsDir.toAbsolutePath().resolveSibling("gateway-audit") : Path.of("gateway-audit");
        AgentIdentity identity = tlsDir == null ? null : loadIdentity(tlsDir);
        String grantReaderToken = grants.token(System::getenv);
        AcfClient.Builder lookupBuilder = AcfClient.builder().ans(ans);
        if (grantReaderToken != null) {
            // It also follows the ANS events with it, so it hears of agents hidden from anonymous discovery.
            lookupBuilder.eventsToken(grantReaderToken);
        }
        AcfClient lookup = lookupBuilder.build();
        GatewayServer gateway;
        AutoRenewal renewal = null;
        RemoteGrantPolicy following = null;
        try {
            GatewayServer.Builder builder = GatewayServer.builder().lookup(lookup).host(host);
            if (bare) {
                builder.builtIns(false);
            } else {
                builder.auditDirectory(audit);
            }
            expose.forEach(name -> builder.expose(AgentName.parse(name)));
            if (publicUrl != null) {
                builder.publicBaseUri(publicUrl);
            }
            if (plaintextPort != null) {
                builder.port(plaintextPort);
            }
            BearerTokens tokens = bearerTokens();
            if (tokens != null) {
                builder.bearerTokens(tokens);
            }
            if (metricsPort != null) {
                builder.metricsPort(metricsPort);
            }
            Map<String, String> keys = new HashMap<>(qosConfig().properties());
            keys.putAll(providerSettings());
            keys.putAll(redactionConfig().properties());
            keys.putAll(anomalyConfig(ProviderConfig.of(keys)).properties());
            ProviderConfig sessions = sessionConfig(System::getenv);
            if (sessions != null) {
                keys.putAll(sessions.properties());
            }
            builder.config(ProviderConfig.of(keys));
            builder.compression(compression ? Compression.defaults().withMinBytes(compressionMinBytes) : Compression.off());
            if (maxConnections != null || idleTimeout != null) {
                GatewayLimits.Builder limits = GatewayLimits.defaults().toBuilder();
                if (maxConnections != null) {
                    limits.maxConnections(maxConnections);
                }
                if (idleTimeout != null) {
                    limits.idleTimeout(Duration.parse("PT" + idleTimeout.toUpperCase(java.util.Locale.ROOT)));
                }
                builder.limits(limits.build());
            }
            builder.contentInspection(inspectContent);
            builder.reportInteractions(reportGraph);
            following = grants.follow(lookup, grantReaderToken);
            if (following != null) {
                builder.permissionPolicy(following);
            }
            Hierarchy hierarchy = hierarchy();
            if (hierarchy != null) {
                builder.hierarchy(hierarchy);
            }
            builder.metricsOnPlaintextPort(metricsOnPlaintextPort)
                    .upstreamProtocols(new UpstreamProtocols(!noUpstreamH2, upstreamH2c));
            if (identity != null) {
                builder.identity(identity).tlsPort(port)
                        .clientAuth(requireClientCert ? GatewayTls.ClientAuth.REQUIRE : GatewayTls.ClientAuth.OPTIONAL);
                // The listener reads the identity at every handshake: a renewal saved here needs no restart.
                renewal = lookup.keepRenewed(identity);
            }
            gateway = builder.build().start();
        } catch (RuntimeException e) {
            if (renewal != null) {
                renewal.close();
            }
            if (following != null) {
                following.close();
            }
            lookup.close();
            throw e;
        }
        AutoRenewal renewing = renewal;
        RemoteGrantPolicy enforced = following;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            if (renewing != null) {
                renewing.close();
            }
            if (enforced != null) {
                enforced.close();
            }
            lookup.close();
            stopped.countDown();
        }, "acf-gateway-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        gateway.tlsAddress().ifPresent(a -> out.println("Gateway listening at https://" + a.getHostString() + ":" + a.getPort()));
        gateway.plaintextAddress().ifPresent(a -> out.println("Gateway listening at http://" + a.getHostString() + ":" + a.getPort()));
        gateway.metricsAddress().ifPresent(a -> out.println("Metrics at http://" + a.getHostString() + ":" + a.getPort() + "/metrics"));
        if (identity != null) {
            out.println("Identity " + identity.name() + ", renewed in " + tlsDir);
        }
        out.println("Resolving agents through " + ans + (reportGraph ? " (calls reported to its interaction graph)" : ""));
        if (enforced != null) {
            out.println(enforced.loads() > 0
                    ? "Enforcing the grants of " + ans + " (" + enforced.grantCount() + " active, followed live); calls without a grant: "
                            + grants.defaultDecision()
                    : "Grants of " + ans + " not loaded yet (see the log; retried on the next change); until then calls get "
                            + grants.defaultDecision());
        }
        out.println(bare ? "No built-in filters (--bare): nothing is audited" : "Audit events in " + audit.resolve("audit.jsonl"));
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Returns the hierarchy of the {@code --owns}, {@code --parent}, {@code --child} and
     * {@code --peer} options, or null when not in one; discovers {@code --peer} domains given
     * without their gateway.
     */
    Hierarchy hierarchy() {
        if (owns == null) {
            if (!peers.isEmpty() || dnsServer != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--peer and --dns-server need --owns: the name space this gateway owns");
            }
            if (parent != null || !children.isEmpty() || !trustedGateways.isEmpty() || maxHops != null) {
                throw new IllegalArgumentException("--parent, --child, --trusted-gateway and --max-hops need --owns");
            }
            return null;
        }
        if (dnsServer != null && peers.stream().allMatch(p -> p.contains("="))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dns-server is for --peer DOMAIN discovered through DNS");
        }
        Hierarchy.Builder b = Hierarchy.builder(owns);
        if (parent != null) {
            b.parent(NextHop.parse(parent));
        }
        for (String child : children) {
            int eq = child.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--child must look like region1.example.net=https://gw:8443, was '" + child + "'");
            }
            b.child(child.substring(0, eq).trim(), NextHop.parse(child.substring(eq + 1)));
        }
        trustedGateways.forEach(b::trustGateway);
        new GatewayPeers(spec.commandLine(), dnsServer).resolve(peers).forEach(b::peer);
        if (maxHops != null) {
            b.maxHops(maxHops);
        }
        return b.build();
    }

    /** Returns the tiered content security options as the gateway's {@code redaction.*} configuration keys. */
    ProviderConfig redactionConfig() {
        Map<String, String> keys = new HashMap<>();
        if (noRedaction) {
            keys.put(ContentRedaction.ENABLED, "false");
        }
        if (!clearances.isEmpty()) {
            Clearances.parse(clearances);
            keys.put(ContentRedaction.CLEARANCES, String.join(",", clearances));
        }
        if (!redactionLevels.isEmpty()) {
            keys.put(ContentRedaction.LEVELS, String.join(",", redactionLevels));
        }
        return ProviderConfig.of(keys);
    }

    /**
     * Returns the anomaly options as the gateway's {@code anomaly.*} configuration keys; they
     * win over {@code --set} ones, which {@code others} holds and the result is checked with.
     */
    ProviderConfig anomalyConfig(ProviderConfig others) {
        Map<String, String> keys = new HashMap<>();
        if (noAnomalyDetection) {
            keys.put(AnomalySettings.PREFIX + "enabled", "false");
        }
        if (!suspendOn.isEmpty()) {
            // Naming what suspends means every other kind only flags.
            keys.put(SuspensionPolicy.PREFIX + "burstFactor", "0");
            keys.put(SuspensionPolicy.PREFIX + "deniedEdges", "0");
        }
        for (String kind : suspendOn) {
            int eq = kind.indexOf('=');
            String name = (eq < 0 ? kind : kind.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : kind.substring(eq + 1).trim();
            switch (name) {
                case "none" -> {
                    if (suspendOn.size() > 1 || value != null) {
                        throw new IllegalArgumentException("--suspend-on none goes alone, was " + suspendOn);
                    }
                }
                case "burst" -> {
                    String[] numbers = value == null ? new String[0] : value.split("/", 2);
                    String factor = numbers.length > 0 ? numbers[0].trim()
                            : others.get(SuspensionPolicy.PREFIX + "burstFactor").filter(f -> !"0".equals(f.trim()))
                                    .orElse(Double.toString(SuspensionPolicy.defaults().burstFactor()));
                    keys.put(SuspensionPolicy.PREFIX + "burstFactor", factor);
                    if (numbers.length > 1) {
                        keys.put(SuspensionPolicy.PREFIX + "burstRequests", numbers[1].trim());
                    }
                }
                case "denied-edges" -> {
                    if (value == null) {
                        throw new IllegalArgumentException("--suspend-on denied-edges needs a count, e.g. denied-edges=5");
                    }
                    keys.put(SuspensionPolicy.PREFIX + "deniedEdges", value);
                }
                default -> throw new IllegalArgumentException(
                        "--suspend-on names burst[=FACTOR[/REQUESTS]], denied-edges=N or none, was '" + kind + "'");
            }
        }
        Map<String, String> all = new HashMap<>(others.properties());
        all.putAll(keys);
        try {
            SuspensionPolicy policy = SuspensionPolicy.fromConfig(ProviderConfig.of(all), SuspensionPolicy.defaults());
            if (suspendOn.stream().anyMatch(k -> k.trim().toLowerCase(Locale.ROOT).startsWith("denied-edges")) && policy.deniedEdges() < 1) {
                throw new IllegalArgumentException("denied-edges must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--suspend-on " + String.join(" --suspend-on ", suspendOn) + ": " + e.getMessage(), e);
        }
        return ProviderConfig.of(keys);
    }

    /** Returns the QoS options as the gateway's {@code qos.*} configuration keys. */
    ProviderConfig qosConfig() {
        Map<String, String> keys = new HashMap<>();
        if (noQos) {
            keys.put(QosSettings.ENABLED, "false");
        }
        if (!qosRules.isEmpty()) {
            keys.put(RuleQosPolicyProvider.RULES, String.join(";", qosRules));
        }
        if (!qosHeaderTrusted.isEmpty()) {
            keys.put(RuleQosPolicyProvider.HEADER_TRUSTED, String.join(",", qosHeaderTrusted));
        }
        if (qosCallerRate != null) {
            keys.put(QosSettings.CALLER_RATE, qosCallerRate);
        }
        if (qosTargetRate != null) {
            keys.put(QosSettings.TARGET_RATE, qosTargetRate);
        }
        for (String limit : qosLimits) {
            int eq = limit.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--qos-limit must look like bulk=64/64, was '" + limit + "'");
            }
            String name = limit.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            if (java.util.Arrays.stream(QosClass.values()).noneMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("--qos-limit names a class of CRITICAL, STANDARD, BULK, was '" + limit + "'");
            }
            String prefix = QosSettings.CLASS_PREFIX + name.toLowerCase(Locale.ROOT) + ".";
            String[] numbers = limit.substring(eq + 1).split("/", 2);
            keys.put(prefix + "maxConcurrent", numbers[0].trim());
            if (numbers.length > 1) {
                keys.put(prefix + "maxQueue", numbers[1].trim());
            }
        }
        return ProviderConfig.of(keys);
    }

    /** The balancer and upstream settings of the options, over the generic {@code --set} ones. */
    Map<String, String> providerSettings() {
        Map<String, String> all = new LinkedHashMap<>(settings);
        if (loadBalancer != null) {
            all.put(GatewayServer.LOAD_BALANCER_KEY, loadBalancer);
        }
        if (healthCheckInterval != null) {
            all.put(PeakEwmaLoadBalancerProvider.HEALTH_INTERVAL, healthCheckInterval);
        }
        if (healthCheckPath != null) {
            all.put(PeakEwmaLoadBalancerProvider.HEALTH_PATH, healthCheckPath);
        }
        if (maxRequestsPerUpstream != null) {
            all.put(UpstreamPolicy.MAX_REQUESTS, maxRequestsPerUpstream.toString());
        }
        if (retryBudgetPercent != null) {
            all.put(UpstreamPolicy.RETRY_BUDGET_PERCENT, retryBudgetPercent.toString());
        }
        return all;
    }

    /** Returns the bearer JWT rules of the options, or null when none are given. */
    BearerTokens bearerTokens() {
        if (jwtJwks == null && jwtPublicKey == null) {
            if (jwtIssuer != null || jwtAudience != null) {
                throw new IllegalArgumentException("--jwt-issuer and --jwt-audience need --jwt-jwks or --jwt-public-key");
            }
            return null;
        }
        if (jwtJwks != null && jwtPublicKey != null) {
            throw new IllegalArgumentException("give --jwt-jwks or --jwt-public-key, not both");
        }
        if (jwtIssuer == null || jwtAudience == null) {
            throw new IllegalArgumentException("bearer JWTs need --jwt-issuer and --jwt-audience");
        }
        BearerTokens.Builder b = BearerTokens.builder().issuer(jwtIssuer).audience(jwtAudience);
        if (jwtPublicKey != null) {
            b.publicKey(jwtPublicKey);
        } else if (jwtJwks.startsWith("http://") || jwtJwks.startsWith("https://")) {
            b.jwks(URI.create(jwtJwks));
        } else {
            b.jwks(Path.of(jwtJwks));
        }
        return b.build();
    }

    /**
     * Returns the gateway configuration choosing and setting up the session store, or null when
     * no session option is given (the embedded store).
     */
    ProviderConfig sessionConfig(Function<String, String> environment) {
        if (sessionStore == null && sessionJdbcUrl == null && sessionDbUser == null && sessionPasswordEnv == null
                && sessionSettings.isEmpty()) {
            return null;
        }
        Map<String, String> settings = new LinkedHashMap<>(sessionSettings);
        String store = sessionStore != null ? sessionStore : sessionJdbcUrl != null ? JdbcSessionStoreProvider.NAME : null;
        if (store != null) {
            settings.put(GatewayServer.SESSION_STORE_KEY, store);
        }
        if (sessionJdbcUrl != null) {
            settings.put(JdbcSessionStoreProvider.JDBC_URL, sessionJdbcUrl);
        }
        if (sessionDbUser != null) {
            settings.put(JdbcSessionStoreProvider.USERNAME, sessionDbUser);
        }
        if (sessionPasswordEnv != null) {
            String password = environment.apply(sessionPasswordEnv);
            if (password == null) {
                throw new IllegalArgumentException("environment variable " + sessionPasswordEnv + " is not set");
            }
            settings.put(JdbcSessionStoreProvider.PASSWORD, password);
        }
        if (JdbcSessionStoreProvider.NAME.equals(store) && !settings.containsKey(JdbcSessionStoreProvider.JDBC_URL)) {
            throw new IllegalArgumentException("--session-store jdbc needs --session-jdbc-url");
        }
        return ProviderConfig.of(settings);
    }

    private static AgentIdentity loadIdentity(Path dir) {
        try {
            return AgentIdentity.load(dir);
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("no gateway identity in " + dir
                    + " (expected key.pem, cert.pem and ca.pem as AgentIdentity.save writes them): " + e.getMessage(), e);
        }
    }
}
