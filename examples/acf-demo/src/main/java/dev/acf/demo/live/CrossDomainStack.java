package dev.acf.demo.live;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.sync.DnsjavaLookup;
import dev.acf.ans.sync.ExportPolicy;
import dev.acf.ans.sync.Federation;
import dev.acf.ans.sync.Peer;
import dev.acf.ans.sync.PeerDiscovery;
import dev.acf.ans.sync.PeerEndpoint;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.sync.PeerGateway;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.Registration;
import dev.acf.client.RemoteGrantPolicy;
import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.Trace;
import dev.acf.gateway.GatewayServer;
import dev.acf.gateway.audit.JsonLinesAuditSink;
import dev.acf.gateway.hierarchy.Hierarchy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The cross-domain demo's stack (EX-4, ANS-SYNC-3), in process: two administrative domains, a
 * home edge domain and a core network domain, each with its own ANS (own CA, signing key and
 * grants, default deny) and its own AI Gateway. The domains find each other through DNS (a
 * responder of the demo's own, {@code _ans._tcp.<domain>} SRV and TXT records pinning the ANS
 * key, the gateway and the CA), the home ANS imports the core domain's agents through the
 * signed change feed, and each gateway routes the other domain's names to the other's gateway.
 * A scenario's zone is split: the agents named by {@link Builder#scenario} as network agents
 * live in the core domain, the rest at the home edge, and a home agent finds a core agent by
 * intent (semantic resolution including peers) and calls it through both gateways.
 *
 * <p>Runs are one at a time; {@link #close()} stops everything and is idempotent.
 *
 * <pre>{@code
 * FaultDiagnosis scenario = FaultDiagnosis.prepare(FaultType.FIBER_CUT, 4);
 * try (CrossDomainStack stack = CrossDomainStack.builder().dataDirectory(dir)
 *         .scenario(scenario, FaultDiagnosis.NETWORK_AGENTS).build().start()) {
 *     DemoRun<DiagnosisOutcome> run = stack.run(scenario, new TraceLog(System.out::println));
 * }
 * }</pre>
 */
public final class CrossDomainStack implements AutoCloseable {
    /** The home edge domain: the desk and the customer-facing agents. */
    public static final String HOME = "home.example.net";
    /** The core network domain: the RAN and core network agents. */
    public static final String CORE = "core.example.net";
    /** The operator desk (home domain). */
    public static final AgentName DESK = AgentName.parse("ans://v1.0.0.desk.ops." + HOME);
    private static final Duration IMPORT_WAIT = Duration.ofSeconds(30);
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(10);

    private final Builder config;
    private final StackResources resources;
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final List<ZoneAgents> zones = new ArrayList<>();
    private @Nullable ZoneNames names;
    private @Nullable CallerClient desk;
    private int runs;
    private boolean started;
    private boolean closed;

    /** One domain: its ANS, its gateway and what they were started with. */
    private record Site(String domain, AnsServer ans, AcfClient registrar, String bootstrap, String admin, String grantReader,
            AgentName gatewayName, int gatewayPort, AuditRecorder audit) {
        URI gatewayUri() {
            return URI.create("https://127.0.0.1:" + gatewayPort);
        }
    }

    private CrossDomainStack(Builder config) {
        this.config = config;
        this.resources = new StackResources(config.progress);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the DNS responder, both domains' ANS and gateways, and the agents; returns this once
     * the home ANS has imported every core agent.
     *
     * @throws IllegalStateException when started or closed already
     */
    public synchronized CrossDomainStack start() {
        if (started || closed) {
            throw new IllegalStateException("cross-domain stack already started or closed");
        }
        started = true;
        Scenario<?> scenario = Objects.requireNonNull(config.scenario);
        try {
            long t0 = System.nanoTime();
            DemoDns dns = DemoDns.start();
            resources.closeLast(dns);
            progress("DNS responder for _ans._tcp.%s and _ans._tcp.%s at udp://%s:%d", t0, HOME, CORE, dns.address().getHostString(), dns.address().getPort());
            String feedToken = token();
            // The core domain exports its agents to the home domain; the home domain imports them, found through DNS.
            Site core = site(CORE, b -> b.peer(Peer.builder(HOME).exportTo(feedToken, ExportPolicy.defaults()).build()), dns);
            Site home = site(HOME, b -> b.federation(Federation.builder().dns(DnsjavaLookup.of(dns.address()))
                    .includePeersByDefault(true).pollInterval(Duration.ofSeconds(5)).build())
                    .peer(Peer.builder(CORE).importWith(feedToken).build()), dns);
            ZoneNames zone = new ZoneNames(scenario.zone(), HOME, split(scenario));
            names = zone;
            long tg = System.nanoTime();
            int grants = grant(home, List.of(
                    GrantRequest.of(DESK.withoutVersion().toString(), "ans://*." + HOME, List.of()),
                    zoneGrant(zone.zoneDomain(), "ans://*." + zone.zoneDomain())));
            grants += grant(core, List.of(
                    zoneGrant(zone.zoneDomain(), "ans://*." + scenario.zone() + "." + CORE),
                    zoneGrant(scenario.zone() + "." + CORE, "ans://*." + scenario.zone() + "." + CORE)));
            progress("%d permission grants created by the two administrators (default deny in both domains)", tg, grants);

            long td = System.nanoTime();
            PeerDiscovery discovery = new PeerDiscovery(DnsjavaLookup.of(dns.address()));
            PeerGateway coreSeenFromHome = gatewayOf(discovery, CORE);
            PeerGateway homeSeenFromCore = gatewayOf(discovery, HOME);
            progress("gateways discovered through DNS: %s at %s, %s at %s (CA pinned)", td, coreSeenFromHome.gateway(),
                    coreSeenFromHome.base(), homeSeenFromCore.gateway(), homeSeenFromCore.base());
            startGateway(home, coreSeenFromHome);
            startGateway(core, homeSeenFromCore);

            AgentIdentity deskIdentity = register(home, AgentIdentity.generate(DESK),
                    "The broadband operator's service desk at the home edge: starts each phase of a complaint's handling.");
            CallerClient deskClient = new CallerClient(AcfClient.builder().ans(home.ans().baseUri()).gateway(home.gatewayUri())
                    .gatewayName(home.gatewayName()).identity(deskIdentity).signedResolution(true).build());
            desk = deskClient;
            resources.closeFirst(deskClient);

            for (Site site : List.of(home, core)) {
                long ta = System.nanoTime();
                List<AgentDefinition> here = scenario.agents().stream().filter(a -> zone.domainOf(a.id()).equals(site.domain())).toList();
                ZoneAgents hosted = ZoneAgents.host(zone, here, new ZoneAgents.Wiring(site.ans().baseUri(), site.gatewayUri(),
                        site.gatewayName(), site.registrar(), site.bootstrap()));
                zones.add(hosted);
                resources.closeFirst(hosted);
                progress("%d agents registered in %s and serving A2A over TLS: %s", ta, here.size(), site.domain(),
                        here.stream().map(AgentDefinition::id).toList());
            }
            long ti = System.nanoTime();
            awaitImported(home, scenario, zone);
            progress("the home ANS imported the %d core agents through the signed change feed", ti, split(scenario).size());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<String, String> split(Scenario<?> scenario) {
        Map<String, String> elsewhere = new LinkedHashMap<>();
        for (AgentDefinition agent : scenario.agents()) {
            if (config.networkAgents.contains(agent.id())) {
                elsewhere.put(agent.id(), CORE);
            }
        }
        return elsewhere;
    }

    private Site site(String domain, java.util.function.UnaryOperator<AnsServer.Builder> federation, DemoDns dns) {
        long t = System.nanoTime();
        String bootstrap = token();
        String admin = token();
        String grantReader = token(); // the gateway lists the grants with it, holding no administrator token
        AnsServer server = federation.apply(AnsServer.builder().domain(domain).dataDirectory(config.dataDirectory().resolve(domain))
                .bootstrapToken(bootstrap, BootstrapTokens.Use.REUSABLE).semanticResolution(true)
                .adminToken(admin).grantReaderToken(grantReader).defaultPermission(domain, GrantPolicy.Decision.DENY, null)).build().start();
        resources.closeFirst(server);
        // Also the gateway's lookup: it follows the ANS events with the reader token, to hear of hidden agents' changes.
        AcfClient registrar = AcfClient.builder().ans(server.baseUri()).eventsToken(grantReader).build();
        resources.closeFirst(registrar);
        AgentName gatewayName = AgentName.parse("ans://v1.0.0.gateway." + domain);
        int port = freePort();
        AuditRecorder audit = new AuditRecorder(config.auditDirectory == null ? null
                : JsonLinesAuditSink.builder(config.auditDirectory.resolve("audit-" + domain.substring(0, domain.indexOf('.')))).build());
        resources.closeFirst(audit);
        Site site = new Site(domain, server, registrar, bootstrap, admin, grantReader, gatewayName, port, audit);
        sites.put(domain, site);
        // The domain announces its ANS key, its gateway and its CA: what a peer pins.
        dns.publish(server.federation().orElseThrow().announcement(server.baseUri())
                .withGateway(site.gatewayUri(), gatewayName, registrar.caChain()));
        progress("ANS of %s at %s, announced in DNS with its gateway %s", t, domain, server.baseUri(), site.gatewayUri());
        return site;
    }

    private static GrantRequest zoneGrant(String callerDomain, String target) {
        return new GrantRequest(null, new GrantRequest.CallerBody(null, callerDomain, null), target, List.of(), null, null, null);
    }

    private static int grant(Site site, List<GrantRequest> requests) {
        requests.forEach(r -> site.registrar().permissions().create(r, site.admin()));
        return requests.size();
    }

    private static PeerGateway gatewayOf(PeerDiscovery discovery, String domain) {
        PeerEndpoint endpoint = discovery.discover(Domain.of(domain));
        return discovery.discoverGateway(endpoint).orElseThrow(() -> new ConfigurationException(domain + " announces no gateway"));
    }

    private void startGateway(Site site, PeerGateway peer) {
        long t = System.nanoTime();
        AgentIdentity identity = register(site, AgentIdentity.generate(site.gatewayName()),
                "AI Gateway of " + site.domain() + ": every call into or out of the domain crosses it.");
        resources.closeFirst(site.registrar().keepRenewed(identity));
        RemoteGrantPolicy grants = RemoteGrantPolicy.start(site.registrar(), site.grantReader(),
                GrantPolicy.builder().defaultDecision(Domain.of(site.domain()), GrantPolicy.Decision.DENY));
        resources.closeFirst(grants);
        GatewayServer gateway = GatewayServer.builder().lookup(site.registrar()).identity(identity).tlsPort(site.gatewayPort())
                .auditSink(site.audit()).permissionPolicy(grants)
                .hierarchy(Hierarchy.builder(site.domain()).peer(peer).build())
                .build().start();
        resources.closeFirst(gateway);
        progress("gateway %s at %s (mutual TLS, audited; names of %s go to %s)", t, site.gatewayName(), gateway.baseUri(),
                peer.domain(), peer.gateway());
    }

    private AgentIdentity register(Site site, AgentIdentity identity, String description) {
        AgentName name = identity.name();
        String endpoint = "https://" + name.fqdn() + "/a2a";
        AgentCard card = AgentCard.builder(name.agentLabel(), description, AgentDefinition.VERSION)
                .supportedInterfaces(List.of(new AgentInterface(endpoint, AgentInterface.JSONRPC, null, "1.0")))
                .provider(AgentDefinition.PROVIDER)
                .defaultInputModes(List.of("application/json"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder(name.agentLabel(), name.agentLabel(), description).build()))
                .build();
        Registration registration = site.registrar().register(identity, card, List.of(Endpoint.of(endpoint, Endpoint.JSONRPC)),
                site.bootstrap());
        if (!(registration instanceof Registration.Registered)) {
            throw new IllegalStateException("the registration of " + name + " did not complete: " + registration);
        }
        return identity;
    }

    /** Polls the home ANS's imported records: the feed's notification usually brings them within milliseconds. */
    private static void awaitImported(Site home, Scenario<?> scenario, ZoneNames zone) {
        long deadline = System.nanoTime() + IMPORT_WAIT.toNanos();
        List<AgentName> wanted = scenario.agents().stream().filter(a -> zone.domainOf(a.id()).equals(CORE))
                .map(a -> zone.registeredName(a.id())).toList();
        var federator = home.ans().federation().orElseThrow();
        while (!wanted.stream().allMatch(n -> federator.resolve(n).isPresent())) {
            if (System.nanoTime() > deadline) {
                throw new UnavailableException(ErrorCode.UNAVAILABLE, "the home ANS did not import the core agents within " + IMPORT_WAIT);
            }
            federator.importer(CORE).ifPresent(i -> i.syncNow());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the import");
            }
        }
    }

    /**
     * Runs the scenario from the home desk; returns when it ended and both gateways audited their
     * calls. The run's audit holds the events of both gateways, home first.
     */
    public synchronized <O> DemoRun<O> run(Scenario<O> scenario, Trace trace) {
        ZoneNames zone = Objects.requireNonNull(names, "not started");
        if (!scenario.zone().equals(zone.zone())) {
            throw new ConfigurationException("this stack hosts zone " + zone.zone() + ", not " + scenario.zone());
        }
        RunBinding binding = new RunBinding(scenario.zone(), scenario.zone() + "-x" + (++runs), scenario.agents(), trace);
        long start = System.nanoTime();
        zones.forEach(z -> z.bind(binding));
        try {
            O outcome = scenario.run(new GatewayCollaborators(Scenario.DESK, Objects.requireNonNull(desk), binding, zone));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            List<AgentCall> calls = binding.calls();
            List<String> atHome = calls.stream().filter(c -> zone.domainOf(c.caller()).equals(HOME) || zone.domainOf(c.callee()).equals(HOME))
                    .map(AgentCall::contextId).toList();
            List<String> atCore = calls.stream().filter(c -> zone.domainOf(c.callee()).equals(CORE)).map(AgentCall::contextId).toList();
            List<AuditEvent> events = new ArrayList<>(sites.get(HOME).audit().await(atHome, AUDIT_WAIT));
            events.addAll(sites.get(CORE).audit().await(atCore, AUDIT_WAIT));
            return new DemoRun<>(scenario.zone(), outcome, calls, events, took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the audit events of the run");
        }
    }

    /** Resolves every intent of the scenario as the desk does (peers included) and reports which reached the agent meant. */
    public ResolutionReport checkResolution(Scenario<?> scenario) {
        return ResolutionReport.of(scenario.intents(), Objects.requireNonNull(desk, "not started").client(), Objects.requireNonNull(names));
    }

    /** Returns the domain an agent of the running scenario lives in. */
    public String domainOf(String agentId) {
        return Objects.requireNonNull(names, "not started").domainOf(agentId);
    }

    /** Returns the audit events of one domain's gateway ({@link #HOME} or {@link #CORE}) so far. */
    public List<AuditEvent> auditEvents(String domain) {
        Site site = sites.get(domain);
        return site == null ? List.of() : site.audit().events();
    }

    /** Returns a domain's ANS base URI. */
    public URI ansUri(String domain) {
        return Objects.requireNonNull(sites.get(domain), domain).ans().baseUri();
    }

    /** Returns a domain's gateway base URI. */
    public URI gatewayUri(String domain) {
        return Objects.requireNonNull(sites.get(domain), domain).gatewayUri();
    }

    private static String token() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for a gateway: " + e.getMessage(), e);
        }
    }

    private void progress(String format, long since, Object... args) {
        resources.progress(format, since, args);
    }

    /** Stops the agents, both gateways, both ANS and the DNS responder; deletes nothing. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        resources.closeAll();
    }

    /** Configures a {@link CrossDomainStack}; not thread-safe. Required: a data directory and the scenario. */
    public static final class Builder {
        private @Nullable Path dataDirectory;
        private @Nullable Path auditDirectory;
        private @Nullable Scenario<?> scenario;
        private Set<String> networkAgents = Set.of();
        private Consumer<String> progress = line -> { };

        private Builder() {}

        /** Sets where both ANS keep their files (one subdirectory per domain; required, fresh per stack). */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** Has each gateway also append its audit events to {@code audit-<home|core>/audit.jsonl} in this directory. */
        public Builder auditDirectory(Path value) {
            this.auditDirectory = Objects.requireNonNull(value, "auditDirectory");
            return this;
        }

        /** Hosts this scenario's agents: those in {@code networkAgents} in the core domain, the rest at the home edge. */
        public Builder scenario(Scenario<?> value, Set<String> networkAgents) {
            this.scenario = Objects.requireNonNull(value, "scenario");
            this.networkAgents = Set.copyOf(networkAgents);
            return this;
        }

        /** Receives one readable line per start-up step, with its duration. */
        public Builder progress(Consumer<String> value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        Path dataDirectory() {
            return Objects.requireNonNull(dataDirectory);
        }

        /**
         * Returns the stack, not started.
         *
         * @throws ConfigurationException when the data directory or the scenario is missing
         */
        public CrossDomainStack build() {
            if (dataDirectory == null || scenario == null) {
                throw new ConfigurationException("a cross-domain stack needs a data directory and a scenario");
            }
            return new CrossDomainStack(this);
        }
    }
}
