package dev.acf.demo.live;

import dev.acf.ans.AnsServer;
import dev.acf.ans.graph.GraphSnapshot;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.verify.Verification;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.verify.TrustProfile;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.AutoRenewal;
import dev.acf.client.Registration;
import dev.acf.client.RemoteGrantPolicy;
import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.Trace;
import dev.acf.gateway.GatewayServer;
import dev.acf.gateway.audit.JsonLinesAuditSink;
import java.net.InetAddress;
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
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The demo's real stack, in process: an embedded ANS (semantic resolution on, files under a
 * data directory), an AI Gateway that is itself an ANS agent (mutual TLS, every call audited),
 * and for each scenario zone its 13 agents, each an {@link dev.acf.client.host.AgentHost} with
 * its own key, ANS certificate and descriptive card. A {@link #run} binds a prepared scenario to
 * the hosted agents of its zone and drives it from the operator's desk, itself a registered
 * caller: every agent then finds its callees by semantic resolution within the zone (or by
 * exact ANS name) and calls them through the gateway with its own identity.
 *
 * <p>With {@link Builder#verifyCapabilities}, the ANS's capability verifier (ANS-MON-3) probes,
 * through the gateway, the agents whose cards declare skill test cases
 * ({@link dev.acf.demo.verify.DemoSkillTests}) before {@link #start} returns: their trust
 * profiles are real. {@link #tryUngrantedCall} adds a genuine anomaly (ANS-MON-2) for the
 * operator console to show.
 *
 * <p>Runs are one at a time ({@link #run} is synchronized); everything else is thread-safe.
 * {@link #close()} stops the agents, the gateway and the ANS, and is idempotent.
 *
 * <pre>{@code
 * FaultDiagnosis scenario = FaultDiagnosis.prepare(FaultType.FIBER_CUT, 42);
 * try (DemoStack stack = DemoStack.builder().dataDirectory(dir).scenario(scenario).build().start()) {
 *     DemoRun<DiagnosisOutcome> run = stack.run(scenario, new TraceLog(System.out::println));
 *     Files.writeString(dir.resolve("graph.dot"), run.graph().toDot());
 * }
 * }</pre>
 */
public final class DemoStack implements AutoCloseable {
    /** The ANS domain of the demo. */
    public static final String DOMAIN = "broadband.example.net";
    /** The gateway's ANS name. */
    public static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway." + DOMAIN);
    /** The operator desk's ANS name: the caller that starts every phase. */
    public static final AgentName DESK = AgentName.parse("ans://v1.0.0.desk.ops." + DOMAIN);
    /** The ANS name of the extra caller whose credentials {@link #writeExplorerCredentials} hands out. */
    public static final AgentName EXPLORER = AgentName.parse("ans://v1.0.0.explorer.ops." + DOMAIN);
    /**
     * The ANS name of a partner's agent that {@link #requestReviewedRegistration} registers with a
     * reviewed bootstrap token: its registration waits in the approval queue.
     */
    public static final AgentName PARTNER = AgentName.parse("ans://v1.0.0.field-survey.partner." + DOMAIN);
    /**
     * The ANS name of a caller registered and certified like any other but given no grant:
     * {@link #tryUngrantedCall} has it try a call, which the gateway refuses and flags.
     */
    public static final AgentName UNGRANTED = AgentName.parse("ans://v1.0.0.report-script.ops." + DOMAIN);
    /** The agent {@link #UNGRANTED} tries to call when the fault scenario is hosted: its customer profile agent. */
    static final String UNGRANTED_TARGET = "customer-profile";
    /** The loopback addresses the demo's ANS certifies as IP address SANs (only the gateway asks for one). */
    private static final InetAddress[] LOOPBACKS = {loopback(new byte[] {127, 0, 0, 1}),
        loopback(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})};
    /** How long a run waits for the gateway's audit events of its calls. */
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(10);
    /** How long start-up waits for the first capability verification, and a refused call for its anomaly. */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(30);

    private final Builder config;
    private final String bootstrapToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final String adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    /** What the gateway lists the grants with: it holds no administrator token. */
    private final String grantReaderToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final String reviewedToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final Map<String, ZoneAgents> zones = new LinkedHashMap<>();
    private final StackResources resources;
    private @Nullable AnsServer ans;
    private @Nullable AcfClient registrar;
    private @Nullable GatewayServer gateway;
    private @Nullable AuditRecorder audit;
    private @Nullable CallerClient desk;
    private @Nullable AgentIdentity explorer;
    private @Nullable String partnerRequest;
    private @Nullable CallerClient ungranted;
    private volatile Map<AgentName, TrustProfile> trust = Map.of();
    private int runs;
    private boolean started;
    private boolean closed;

    private DemoStack(Builder config) {
        this.config = config;
        this.resources = new StackResources(config.progress);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the ANS, the gateway and every zone's agents, reporting each step to the progress
     * sink; returns this.
     *
     * @throws IllegalStateException when started or closed already
     */
    public synchronized DemoStack start() {
        if (started || closed) {
            throw new IllegalStateException("demo stack already started or closed");
        }
        started = true;
        try {
            long t0 = System.nanoTime();
            AnsServer server = AnsServer.builder().domain(DOMAIN).dataDirectory(config.dataDirectory)
                    .bootstrapToken(bootstrapToken, BootstrapTokens.Use.REUSABLE).semanticResolution(true)
                    // A partner's agents register too, but wait for the administrator (ANS-REG-4).
                    .bootstrapToken(reviewedToken, BootstrapTokens.Use.REVIEWED)
                    // Nothing is discoverable or callable without a grant (ANS-SEC-1): the grants below open what the scenarios need.
                    .adminToken(adminToken).grantReaderToken(grantReaderToken).defaultPermission(DOMAIN, GrantPolicy.Decision.DENY, null)
                    // The gateway listens on 127.0.0.1: a person's curl or HTTP client verifies it by that address.
                    .allowIpAddressSans(LOOPBACKS)
                    // Probe calls are few (3 test cases): paced at 20/s they keep start-up short. The classifier's test
                    // runs the first semantic resolutions of the stack (cold) on its way: it gets 30 s.
                    .verification(Verification.defaults().callsPerSecond(20).callTimeout(Duration.ofSeconds(30))).build().start();
            ans = server;
            resources.closeLast(server);
            // The gateway follows the ANS events with its reader token: agents hidden from discovery change too.
            AcfClient client = AcfClient.builder().ans(server.baseUri()).eventsToken(grantReaderToken).build();
            registrar = client;
            resources.closeFirst(client);
            progress("ANS for %s at %s (semantic resolution on)", t0, DOMAIN, server.baseUri());
            long tg = System.nanoTime();
            int granted = grantScenarioPermissions(client);
            progress("%d permission grants created by the administrator (default deny)", tg, granted);

            long t1 = System.nanoTime();
            AgentIdentity gatewayIdentity = register(AgentIdentity.generate(GATEWAY).requestIpAddresses(LOOPBACKS[0]),
                    "AI Gateway of the broadband operations domain: every agent call crosses it.");
            AutoRenewal renewal = client.keepRenewed(gatewayIdentity);
            resources.closeFirst(renewal);
            AuditRecorder recorder = new AuditRecorder(config.auditDirectory == null ? null
                    : JsonLinesAuditSink.builder(config.auditDirectory).build());
            audit = recorder;
            resources.closeFirst(recorder);
            RemoteGrantPolicy grants = RemoteGrantPolicy.start(client, grantReaderToken,
                    GrantPolicy.builder().defaultDecision(Domain.of(DOMAIN), GrantPolicy.Decision.DENY));
            resources.closeFirst(grants);
            // Every call also feeds the ANS's interaction graph (GET /v1/graph), in-process.
            GatewayServer.Builder gw = GatewayServer.builder().lookup(client).identity(gatewayIdentity).auditSink(recorder)
                    .permissionPolicy(grants).interactionFeed(server.graph()).ansMonitor(server.monitor());
            for (Scenario<?> scenario : config.scenarios.values()) {
                ZoneNames names = new ZoneNames(scenario.zone(), DOMAIN);
                scenario.agents().forEach(agent -> gw.expose(names.nameOf(agent.id())));
            }
            GatewayServer running = gw.build().start();
            gateway = running;
            resources.closeFirst(running);
            progress("gateway %s at %s (mutual TLS, audited)", t1, GATEWAY, running.baseUri());

            AgentIdentity deskIdentity = register(DESK, "The broadband operator's service desk: receives customers' complaints and"
                    + " orders and starts each phase of their handling.");
            CallerClient deskClient = new CallerClient(AcfClient.builder().ans(server.baseUri()).gateway(running.baseUri())
                    .gatewayName(GATEWAY).identity(deskIdentity).signedResolution(true).build());
            desk = deskClient;
            resources.closeFirst(deskClient);

            ZoneAgents.Wiring wiring = new ZoneAgents.Wiring(server.baseUri(), running.baseUri(), GATEWAY, client, bootstrapToken);
            for (Scenario<?> scenario : config.scenarios.values()) {
                long t2 = System.nanoTime();
                ZoneNames names = new ZoneNames(scenario.zone(), DOMAIN);
                ZoneAgents zone = ZoneAgents.host(names, scenario.agents(), wiring);
                zones.put(scenario.zone(), zone);
                resources.closeFirst(zone);
                progress("%d agents of zone %s registered (own key, ANS certificate, card) and serving A2A over TLS", t2,
                        zone.hosts().size(), names.zoneDomain());
            }
            if (config.verifyCapabilities) {
                long tv = System.nanoTime();
                trust = CapabilityTrust.verify(server, running.baseUri(), zones.values(), DESK, CHECK_WAIT);
                progress("capability verification through the gateway: %s", tv, CapabilityTrust.describe(trust));
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The explicit grants the scenarios run with: the desk and the explorer may discover and
     * call every agent of the domain, and the agents of each zone one another.
     */
    private int grantScenarioPermissions(AcfClient client) {
        List<GrantRequest> requests = new ArrayList<>();
        requests.add(GrantRequest.of(DESK.withoutVersion().toString(), "ans://*." + DOMAIN, List.of()));
        requests.add(GrantRequest.of(EXPLORER.withoutVersion().toString(), "ans://*." + DOMAIN, List.of()));
        for (Scenario<?> scenario : config.scenarios.values()) {
            String zone = new ZoneNames(scenario.zone(), DOMAIN).zoneDomain();
            requests.add(new GrantRequest(null, new GrantRequest.CallerBody(null, zone, null), "ans://*." + zone, List.of(), null, null, null));
        }
        requests.forEach(request -> client.permissions().create(request, adminToken));
        return requests.size();
    }

    private AgentIdentity register(AgentName name, String description) {
        return register(AgentIdentity.generate(name), description);
    }

    private AgentIdentity register(AgentIdentity identity, String description) {
        Registration registration = register(identity, description, bootstrapToken);
        if (!(registration instanceof Registration.Registered)) {
            throw new IllegalStateException("the registration of " + identity.name() + " did not complete: " + registration);
        }
        return identity;
    }

    /** Registers an agent of the tests' own with the fleet's bootstrap token (a one-line card from the description). */
    Registration registerExtra(AgentIdentity identity, String description) {
        return register(identity, description, bootstrapToken);
    }

    private Registration register(AgentIdentity identity, String description, String token) {
        AgentName name = identity.name();
        String endpoint = "https://" + name.fqdn() + "/a2a";
        AgentCard card = AgentCard.builder(name.agentLabel(), description, AgentDefinition.VERSION)
                .supportedInterfaces(List.of(new AgentInterface(endpoint, AgentInterface.JSONRPC, null, "1.0")))
                .provider(AgentDefinition.PROVIDER)
                .defaultInputModes(List.of("application/json"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder(name.agentLabel(), name.agentLabel(), description).build()))
                .build();
        return Objects.requireNonNull(registrar).register(identity, card, List.of(Endpoint.of(endpoint, Endpoint.JSONRPC)), token);
    }

    /**
     * Registers (once) the partner's agent {@link #PARTNER} with the reviewed bootstrap token, so
     * the approval queue of the operator console has a registration to decide; returns its
     * request id.
     *
     * @throws IllegalStateException when the ANS certified it at once instead of holding it
     */
    public synchronized String requestReviewedRegistration() {
        if (partnerRequest == null) {
            Registration registration = register(AgentIdentity.generate(PARTNER), "A partner's field survey agent: asks customers"
                    + " about their service after a technician's visit. Registered by the partner, approved by the operator.", reviewedToken);
            if (!(registration instanceof Registration.Pending pending)) {
                throw new IllegalStateException("the partner's registration was not held for approval: " + registration);
            }
            partnerRequest = pending.requestId();
        }
        return partnerRequest;
    }

    /**
     * Has {@link #UNGRANTED} (registered once, no grant) try a call through the gateway to the
     * fault scenario's customer profile agent (else the first hosted agent): refused, audited, and
     * reported as an {@code edge-not-granted} anomaly, which this waits for. The gateway flags an
     * edge at most once per cooldown, so a second try soon after the first waits in vain.
     *
     * @throws UnavailableException when no anomaly is reported within 30 s
     */
    public synchronized UngrantedCall tryUngrantedCall() {
        ZoneAgents zone = zones.values().stream().filter(z -> z.hosts().containsKey(UNGRANTED_TARGET)).findFirst()
                .orElse(zones.values().iterator().next());
        String target = zone.hosts().containsKey(UNGRANTED_TARGET) ? UNGRANTED_TARGET : zone.hosts().keySet().iterator().next();
        AnsServer server = Objects.requireNonNull(ans, "not started");
        if (ungranted == null) {
            AgentIdentity identity = register(UNGRANTED, "A nightly reporting script of the operations team: certified, but"
                    + " never granted a call on any agent.");
            CallerClient client = new CallerClient(AcfClient.builder().ans(server.baseUri()).gateway(gatewayUri())
                    .gatewayName(GATEWAY).identity(identity).build());
            ungranted = client;
            resources.closeFirst(client);
        }
        return UngrantedCall.attempt(server.monitor(), Objects.requireNonNull(ungranted), UNGRANTED,
                zone.names().nameOf(target), CHECK_WAIT);
    }

    /**
     * Returns the trust profiles the ANS's verifier made at start-up of the hosted agents that
     * declare skill test cases, by agent name; empty unless {@link Builder#verifyCapabilities}.
     */
    public Map<AgentName, TrustProfile> trustProfiles() {
        return trust;
    }

    /** Returns the ANS administrator token: what the operator console and {@code /v1/admin/*} ask for. */
    public String adminToken() {
        return adminToken;
    }

    /**
     * Prepares the operator console for a person: holds the partner's registration for approval
     * (once) and writes the administrator token into {@code dir}.
     */
    public ConsoleAccess openConsole(Path dir) {
        String pending = requestReviewedRegistration();
        return ConsoleAccess.write(consoleUri(), adminToken, pending, dir);
    }

    /** Returns the operator console's address, {@code http://127.0.0.1:<port>/console/}. */
    public URI consoleUri() {
        return ansUri().resolve("/console/");
    }

    /**
     * Runs a prepared scenario on the hosted agents of its zone, from the desk, reporting to
     * {@code trace}; returns when the scenario ended and the gateway audited its calls. The
     * zone's agents keep answering with this run's behaviours, and reporting to {@code trace},
     * until the next run of the zone: a caller exploring the live stack finds them at work.
     *
     * @throws ConfigurationException when the stack hosts no agents for the scenario's zone or they differ
     */
    public synchronized <O> DemoRun<O> run(Scenario<O> scenario, Trace trace) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(trace, "trace");
        ZoneAgents zone = zone(scenario);
        RunBinding binding = new RunBinding(scenario.zone(), scenario.zone() + "-" + (++runs), scenario.agents(), trace);
        long start = System.nanoTime();
        zone.bind(binding);
        try {
            O outcome = scenario.run(new GatewayCollaborators(Scenario.DESK, Objects.requireNonNull(desk), binding, zone.names()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            List<AgentCall> calls = binding.calls();
            List<AuditEvent> events = Objects.requireNonNull(audit).await(calls.stream().map(AgentCall::contextId).toList(), AUDIT_WAIT);
            return new DemoRun<>(scenario.zone(), outcome, calls, events, took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the audit events of the run");
        }
    }

    /** Resolves every intent of the scenario as its callers do and reports which reached the agent meant to answer. */
    public ResolutionReport checkResolution(Scenario<?> scenario) {
        ZoneAgents zone = zone(scenario);
        return ResolutionReport.of(scenario.intents(), Objects.requireNonNull(desk).client(), zone.names());
    }

    private ZoneAgents zone(Scenario<?> scenario) {
        ZoneAgents zone = zones.get(scenario.zone());
        if (zone == null) {
            throw new ConfigurationException("this stack hosts no agents of zone '" + scenario.zone() + "': builder.scenario(...) it first");
        }
        List<String> ids = scenario.agents().stream().map(AgentDefinition::id).toList();
        if (!zone.hosts().keySet().containsAll(ids)) {
            throw new ConfigurationException("the scenario's agents " + ids + " differ from those hosted in zone " + scenario.zone()
                    + ": " + zone.hosts().keySet());
        }
        return zone;
    }

    /**
     * Registers (once) the extra caller {@link #EXPLORER}, which the gateway lets call every
     * agent, and writes {@code ca.pem} (the ANS CA), {@code caller.pem} (its certificate chain)
     * and {@code caller.key} (its PKCS#8 key, owner-only) into {@code dir}.
     */
    public synchronized ExplorerCredentials writeExplorerCredentials(Path dir) {
        if (explorer == null) {
            explorer = register(EXPLORER, "A person exploring the demo from a terminal, with curl or any HTTP client.");
        }
        return ExplorerCredentials.write(Objects.requireNonNull(explorer), dir);
    }

    /** The desk's client: it signs its resolutions, so the ANS answers what the desk may discover. */
    AcfClient deskClient() {
        return Objects.requireNonNull(desk, "not started").client();
    }

    /**
     * Returns the ANS's interaction graph over the last {@code window} (what {@code GET /v1/graph}
     * answers): the calls of the runs so far, fed by the gateway in the background.
     *
     * @throws IllegalStateException when the stack is not started
     */
    public GraphSnapshot graph(java.time.Duration window) {
        AnsServer server = ans;
        if (server == null) {
            throw new IllegalStateException("the demo stack is not started");
        }
        return server.graph().snapshot(window);
    }

    /** Returns the ANS base URI, {@code http://127.0.0.1:<port>}. */
    public URI ansUri() {
        return Objects.requireNonNull(ans, "not started").baseUri();
    }

    /** Returns the gateway's base URI, {@code https://127.0.0.1:<port>}. */
    public URI gatewayUri() {
        return Objects.requireNonNull(gateway, "not started").baseUri();
    }

    /** Returns the registered names of the agents hosted for a zone, in the scenario's order. */
    public List<AgentName> agents(String zone) {
        ZoneAgents hosted = zones.get(zone);
        return hosted == null ? List.of() : hosted.hosts().values().stream().map(host -> host.identity().name()).toList();
    }

    /** Returns every audit event the gateway emitted so far. */
    public List<AuditEvent> auditEvents() {
        return Objects.requireNonNull(audit, "not started").events();
    }

    private void progress(String format, long since, Object... args) {
        resources.progress(format, since, args);
    }

    /** Stops the agents, the gateway (draining calls) and the ANS, and deletes nothing. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        resources.closeAll();
    }

    private static InetAddress loopback(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 octets are an IP address", e);
        }
    }

    /** Configures a {@link DemoStack}; not thread-safe. Required: a data directory and at least one scenario. */
    public static final class Builder {
        private @Nullable Path dataDirectory;
        private @Nullable Path auditDirectory;
        private final Map<String, Scenario<?>> scenarios = new LinkedHashMap<>();
        private Consumer<String> progress = line -> { };
        private boolean verifyCapabilities;

        private Builder() {}

        /** Sets where the ANS keeps its registry, CA, keys and index (required; a fresh directory per stack). */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** Has the gateway also append every audit event to {@code audit.jsonl} in this directory. */
        public Builder auditDirectory(Path value) {
            this.auditDirectory = Objects.requireNonNull(value, "auditDirectory");
            return this;
        }

        /**
         * Hosts the agents of this scenario's zone (ids and cards from its definitions). Any
         * scenario prepared later for the same zone can then {@link DemoStack#run} on them.
         */
        public Builder scenario(Scenario<?> value) {
            Objects.requireNonNull(value, "scenario");
            scenarios.putIfAbsent(value.zone(), value);
            return this;
        }

        /**
         * Sets whether {@link DemoStack#start} connects the ANS's verifier to the gateway and waits
         * for the trust profiles of the agents that declare skill test cases (default false: it
         * costs a few seconds, the first semantic resolutions of the stack included).
         */
        public Builder verifyCapabilities(boolean value) {
            this.verifyCapabilities = value;
            return this;
        }

        /** Receives one readable line per start-up step, with its duration. */
        public Builder progress(Consumer<String> value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /**
         * Returns the stack, not started.
         *
         * @throws ConfigurationException when the data directory or every scenario is missing
         */
        public DemoStack build() {
            if (dataDirectory == null) {
                throw new ConfigurationException("a demo stack needs a data directory: builder.dataDirectory(Files.createTempDirectory(\"acf-demo\"))");
            }
            if (scenarios.isEmpty()) {
                throw new ConfigurationException("a demo stack needs a scenario to host: builder.scenario(FaultDiagnosis.prepare(FaultType.FIBER_CUT, 42))");
            }
            return new DemoStack(this);
        }
    }
}
