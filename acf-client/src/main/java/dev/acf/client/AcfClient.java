package dev.acf.client;

import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.verify.TrustProfile;
import dev.acf.api.monitor.AnsMonitor;
import dev.acf.api.monitor.InteractionFeed;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.api.resolve.ResolveFilters;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.api.name.Domain;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.acf.client.internal.Backoff;
import dev.acf.client.internal.Pem;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The agent SDK's client (CLI-1, CLI-2, CLI-3): registers, updates, renews and revokes an
 * {@link AgentIdentity}, resolves names and intents to verified records, and calls agents
 * through the gateway ({@link #agent}, {@link #ask}; the calls themselves live in
 * {@link AgentChannel}).
 *
 * <p><b>Trust.</b> Every answer a client acts on must carry a valid {@code ACF-Signature} over
 * its exact bytes (ANS-RES-4); an unsigned, altered, stale (signed more than
 * {@link Builder#signatureMaxAge} away from now) or foreign-key answer is refused with a
 * {@link TrustException} ({@code bad_signature}) before it is parsed. The signing keys are
 * either pinned ({@link Builder#pinnedJwks}) or fetched once from {@code /.well-known/ans} and
 * then trusted: <em>trust on first use</em>, as safe as the first connection (use HTTPS, or pin
 * the JWKS where that first connection could be intercepted). An answer signed with an unknown
 * key id makes the client fetch the JWKS again (key rotation), at most once per
 * {@link Builder#jwksRefreshInterval}; pinned keys are never replaced. Error bodies are not
 * signed: a forged error can deny, never forge, an answer.
 *
 * <p><b>Cache.</b> Resolutions are cached for {@link Builder#cacheTtl} (default 30 s). Updates,
 * renewals and revocations made through this client evict at once; {@link #watchRevocations()}
 * follows the ANS event stream and evicts agents that change or leave resolution within a
 * second of the ANS deciding it (ANS-LIFE-3).
 *
 * <p><b>Errors.</b> An ANS refusal becomes the typed exception of its API-4 body
 * ({@link dev.acf.api.error.ErrorBody#toException}); a network failure an
 * {@link UnavailableException} ({@code unavailable}, or {@code upstream_timeout} when out of
 * time) with the cause.
 *
 * <p>Thread-safe; share one per ANS and close it at the end.
 *
 * <pre>{@code
 * AgentIdentity identity = AgentIdentity.generate(AgentName.parse("ans://v1.0.0.probe.ops.example.net"));
 * try (AcfClient ans = AcfClient.builder().ans(URI.create("https://ans.ops.example.net")).build()) {
 *     ans.register(identity, card, List.of(Endpoint.of("https://10.0.4.7:9443/a2a", Endpoint.JSONRPC)), bootstrapToken);
 *     identity.save(Path.of("identity"));               // key.pem (0600), cert.pem, ca.pem
 *     try (AutoRenewal renewal = ans.keepRenewed(identity);
 *          AcfClient.Subscription revocations = ans.watchRevocations()) {
 *         Optional<AgentRecord> rca = ans.resolve(AgentName.parse("ans://rca.broadband.ops.example.net"));
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class AcfClient implements AnsLookup {
    /** The largest answer read from an ANS. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final Backoff retryBackoff;
    private final OkHttpClient http;
    private final AnsTransport transport;
    private final AnsKeys keys;
    private final ResolutionCache cache;
    private final AgentLifecycle lifecycle;
    private final Clock clock;
    private final Set<AutoRenewal> renewals = ConcurrentHashMap.newKeySet();
    private final EventSubscriptions subscriptions;
    private final A2aTransport agents;
    private final PermissionClient permissions;
    private final @Nullable AgentIdentity identity;
    private final boolean signedResolution;
    private final okhttp3.@Nullable HttpUrl gateway;
    private final @Nullable AgentName gatewayName;
    private final AnsTransport longPolls;
    private volatile boolean closed;

    private AcfClient(Builder b, okhttp3.HttpUrl base) {
        this.retryBackoff = b.retryBackoff;
        this.clock = b.clock;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.requestTimeout)
                .writeTimeout(b.requestTimeout)
                .callTimeout(b.requestTimeout)
                .followRedirects(false)
                .build();
        this.transport = new AnsTransport(base, http, clock, MAX_BODY_BYTES,
                wellKnown -> new AnsKeys(b.pinnedJwks, wellKnown, b.jwksRefreshInterval, b.signatureMaxAge, clock));
        this.keys = transport.keys();
        this.cache = new ResolutionCache(b.cacheTtl, b.cacheCapacity);
        this.lifecycle = new AgentLifecycle(transport, cache, clock, this::fetch, this::caChain);
        this.subscriptions = new EventSubscriptions(() -> {
            EventWatch watch = new EventWatch(http, transport.url("v1", "events"), keys, cache::clear, b.retryBackoff, b.eventsToken);
            watch.addListener(event -> cache.evict(event.agent().name()));
            return watch;
        }, b.connectTimeout);
        this.agents = new A2aTransport(b.identity, new A2aTransport.Settings(b.connectTimeout, b.callTimeout, b.streamIdleTimeout,
                b.maxAttempts, b.maxReconnects, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2)));
        this.permissions = new PermissionClient(transport, clock);
        this.identity = b.identity;
        this.signedResolution = b.signedResolution;
        this.gateway = b.gateway == null ? null : okhttp3.HttpUrl.get(b.gateway.toString());
        this.gatewayName = b.gatewayName;
        // Long polls of the suspension feed wait up to 20 s at the ANS: a read timeout above that.
        OkHttpClient polling = http.newBuilder().readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(40)).build();
        this.longPolls = new AnsTransport(base, polling, clock, MAX_BODY_BYTES, ignored -> keys);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves a name exactly (ANS-RES-1): a versioned name to that version, a version-less one
     * to the newest active version. Served from the cache while fresh.
     *
     * @return the verified record, or empty when no active agent has this name
     * @throws TrustException when the answer is not signed by the ANS or was altered
     * @throws UnavailableException when the ANS cannot be reached
     */
    public Optional<AgentRecord> resolve(AgentName name) {
        Objects.requireNonNull(name, "name");
        Optional<AgentRecord> cached = cache.get(name, clock.instant());
        if (cached.isPresent()) {
            return cached;
        }
        long generation = cache.generation();
        Optional<AgentRecord> fresh = fetch(name);
        // An eviction while the answer was in flight (a revocation event) wins: the answer is not kept.
        fresh.ifPresent(record -> cache.put(name, record, clock.instant(), generation));
        return fresh;
    }

    /**
     * Resolves an intent semantically (ANS-RES-2, ANS-RES-3): {@code POST /v1/resolve}, the
     * answer verified before it is read (ANS-RES-4) and checked to answer this very intent (a
     * validly signed answer to another query is a replay). Never cached: the ANS answers in
     * milliseconds and its index follows every registration and revocation.
     *
     * <pre>{@code
     * List<ResolveResult> agents = ans.resolve("Poor mobile signal and unstable broadband at home", ResolveOptions.defaults().limit(3));
     * }</pre>
     *
     * @return the matching agents, best first, each with a score in 0-1 and its matched skill
     * @throws dev.acf.api.error.ValidationException when the ANS refuses the intent or options (blank, too long)
     * @throws TrustException when the answer is not signed by the ANS, was altered, or answers another query
     * @throws UnavailableException when the ANS cannot be reached or its index is still being built
     */
    public List<ResolveResult> resolve(String intent, ResolveOptions options) {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(options, "options");
        Map<String, Object> filters = new LinkedHashMap<>();
        ResolveFilters f = options.filters();
        filters.put("domains", f.domains().stream().map(Domain::name).sorted().toList());
        filters.put("transports", f.transports().stream().sorted().toList());
        filters.put("capabilities", f.capabilities().stream().sorted().toList());
        if (f.minVersion() != null) {
            filters.put("minVersion", f.minVersion().toString());
        }
        if (f.maxVersion() != null) {
            filters.put("maxVersion", f.maxVersion().toString());
        }
        filters.put("statuses", f.statuses().stream().map(Enum::name).sorted().toList());
        if (f.verifiedOnly()) {
            filters.put("verifiedOnly", true);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", intent);
        body.put("limit", options.limit());
        body.put("mode", options.mode().name().toLowerCase(java.util.Locale.ROOT));
        body.put("filters", filters);
        if (options.preferVerified()) {
            body.put("preferVerified", true);
        }
        AgentIdentity signer = signedResolution ? identity : null;
        AnsTransport.Answer answer;
        if (signer != null) {
            body.put("agent", signer.name().toString());
            answer = transport.sendSigned("POST", transport.url("v1", "resolve"), body, signer.privateKey());
        } else {
            answer = transport.postJson(transport.url("v1", "resolve"), body, null);
        }
        JsonNode json = AcfJson.readTree(answer.body());
        if (!intent.equals(json.path("query").asText(null))) {
            throw new TrustException("the ANS answered the query '" + json.path("query").asText("") + "' when asked '" + intent + "'");
        }
        JsonNode results = json.path("results");
        if (!results.isArray()) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "the ANS resolve answer has no results array");
        }
        List<ResolveResult> out = new ArrayList<>(results.size());
        for (JsonNode result : results) {
            try {
                out.add(AcfJson.convert(result, ResolveResult.class));
            } catch (AcfException | IllegalArgumentException e) {
                // Signed but unreadable: an ANS fault, not the caller's bad input.
                throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "the ANS answered an invalid result: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /** Same as {@link #resolve}; the {@link AnsLookup} view of this client. */
    @Override
    public Optional<AgentRecord> lookup(AgentName name) {
        return resolve(name);
    }

    /** Drops a name and every cached answer that returned it. */
    public void invalidate(AgentName name) {
        cache.evict(Objects.requireNonNull(name, "name"));
    }

    /**
     * Reads an agent's trust profile (ANS-MON-3): {@code GET /v1/agents/{name}/trust}, the answer
     * verified before it is read: the skills ANS verified by running the agent's test cases
     * through the gateway, the failed ones, pass rate, latencies and every test case's result.
     * Never cached.
     *
     * <pre>{@code
     * TrustProfile trust = ans.trust(AgentName.parse("ans://v1.0.0.rca.broadband.ops.example.net"));
     * boolean vouched = trust.verifiedSkills().contains("root-cause");
     * }</pre>
     *
     * @throws dev.acf.api.error.NotFoundException ({@code agent_not_found}) when no version of the name is registered
     * @throws TrustException when the answer is not signed by the ANS, was altered, or is about another agent
     * @throws UnavailableException when the ANS cannot be reached
     */
    public TrustProfile trust(AgentName name) {
        Objects.requireNonNull(name, "name");
        AnsTransport.Answer answer = transport.getSigned(transport.url("v1", "agents", name.toString(), "trust"));
        TrustProfile profile;
        try {
            profile = AcfJson.read(answer.body(), TrustProfile.class);
        } catch (AcfException | IllegalArgumentException e) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "the ANS answered an invalid trust profile: " + e.getMessage(), e);
        }
        boolean answersTheName = name.hasVersion() ? profile.agent().equals(name) : profile.agent().fqdn().equals(name.fqdn());
        if (!answersTheName) {
            throw new TrustException("the ANS answered the trust profile of " + profile.agent() + " when asked for " + name);
        }
        return profile;
    }

    private Optional<AgentRecord> fetch(AgentName name) {
        AnsTransport.Answer answer;
        try {
            answer = transport.getSigned(transport.url("v1", "agents", name.toString()));
        } catch (AcfException e) {
            if (e.code().equals(ErrorCode.AGENT_NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
        AgentRecord record = AcfJson.convert(AgentLifecycle.agentNode(answer), AgentRecord.class);
        boolean answersTheName = name.hasVersion() ? record.name().equals(name) : record.name().fqdn().equals(name.fqdn());
        if (!answersTheName) {
            // A validly signed answer about another agent: a replay, not an answer to this question.
            throw new TrustException("the ANS answered " + record.name() + " when asked for " + name);
        }
        return Optional.of(record);
    }

    /**
     * Registers an identity (ANS-REG-1): sends its CSR with the card and endpoints, and on
     * success installs the certificate chain in the identity (saving it when the identity has a
     * directory). With an approval policy the answer is {@link Registration.Pending}; then call
     * {@link #awaitApproval}.
     *
     * @param bootstrapToken the token the ANS operator handed out for registrations
     * @throws dev.acf.api.error.AuthenticationException when the token is refused
     * @throws dev.acf.api.error.ConflictException when this name and version are taken
     */
    public Registration register(AgentIdentity identity, AgentCard card, List<Endpoint> endpoints, String bootstrapToken) {
        return lifecycle.register(identity, card, endpoints, bootstrapToken);
    }

    /**
     * Waits for an administrator to approve a pending registration, checking every half second:
     * once the agent resolves with a certificate for the identity's key, installs it.
     *
     * @return the active record, or empty when still not approved (or rejected) at the timeout
     */
    public Optional<AgentRecord> awaitApproval(AgentIdentity identity, Duration timeout) {
        return lifecycle.awaitApproval(identity, timeout);
    }

    /**
     * Updates the card and/or endpoints of a registered agent (ANS-LIFE-1), signed with its key.
     * Either may be null to leave it as it is.
     *
     * @throws dev.acf.api.error.ConflictException ({@code incompatible_change}) when the change
     *     needs a new major version
     */
    public AgentRecord update(AgentIdentity identity, @Nullable AgentCard card, @Nullable List<Endpoint> endpoints) {
        return lifecycle.update(identity, card, endpoints);
    }

    /** Renews the certificate with a fresh key; see {@link #renew(AgentIdentity, KeyRotation)}. */
    public AgentRecord renew(AgentIdentity identity) {
        return renew(identity, KeyRotation.NEW_KEY);
    }

    /**
     * Renews the certificate (ANS-LIFE-2): sends a CSR for the next key, signed with the current
     * key, and on success switches the identity to the new key and chain at once (saving them
     * when the identity has a directory). The name and record stay; the old certificate stays
     * valid until it expires. Renewals of one identity run one at a time.
     *
     * @throws TrustException ({@code certificate_revoked}, {@code certificate_expired}) when the
     *     current certificate can no longer renew: register again
     */
    public AgentRecord renew(AgentIdentity identity, KeyRotation rotation) {
        return lifecycle.renew(identity, rotation);
    }

    /**
     * Revokes the identity's certificate (ANS-LIFE-3), signed with its key: the agent leaves
     * resolution at once and its certificate cannot renew any more.
     */
    public AgentRecord revoke(AgentIdentity identity, RevocationReason reason) {
        return lifecycle.revoke(identity, reason);
    }

    /** Keeps an identity renewed with the default margin (a third of the validity) and a fresh key each time. */
    public AutoRenewal keepRenewed(AgentIdentity identity) {
        return keepRenewed(identity, null, KeyRotation.NEW_KEY);
    }

    /** Keeps an identity renewed, renewing when less than {@code margin} of validity remains. */
    public AutoRenewal keepRenewed(AgentIdentity identity, Duration margin) {
        return keepRenewed(identity, Objects.requireNonNull(margin, "margin"), KeyRotation.NEW_KEY);
    }

    /**
     * Keeps an identity renewed until the returned handle is closed (or this client is).
     *
     * @param margin renew when less than this remains; null for a third of the validity
     * @throws IllegalStateException when the identity is not certified yet
     */
    public synchronized AutoRenewal keepRenewed(AgentIdentity identity, @Nullable Duration margin, KeyRotation rotation) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(rotation, "rotation");
        if (margin != null && (margin.isNegative() || margin.isZero())) {
            throw new IllegalArgumentException("renewal margin must be positive, was " + margin);
        }
        requireOpen();
        AutoRenewal renewal = new AutoRenewal(this, identity, margin, rotation, retryBackoff, clock);
        renewals.add(renewal);
        return renewal.start();
    }

    void forget(AutoRenewal renewal) {
        renewals.remove(renewal);
    }

    /**
     * Follows the ANS event stream so that cached answers about an agent that changed or left
     * resolution (revoked, suspended, expired) are dropped within a second. Waits up to the
     * connect timeout for the stream to open; keeps reconnecting in the background if it could
     * not. Close the handle to stop following.
     */
    public Subscription watchRevocations() {
        return subscribe(event -> { });
    }

    /**
     * Calls the listener for every verified agent event from now on, on the event thread, after
     * the cache has acted on it; the listener must return quickly. Waits up to the connect
     * timeout for the stream to open. Without {@link Builder#eventsToken} the ANS sends only the
     * events of agents an anonymous caller may discover, and every withdrawal.
     */
    @Override
    public Subscription subscribe(Consumer<AgentEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        requireOpen();
        return subscriptions.subscribe(listener);
    }

    /**
     * Calls the listener on the event thread whenever the ANS announces a grant change
     * (ANS-SEC-1), and after every reconnection of the event stream (changes may have been
     * missed); the listener must return quickly. Waits up to the connect timeout for the stream.
     */
    public Subscription subscribePermissions(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        requireOpen();
        return subscriptions.subscribePermissions(listener);
    }

    /** Returns the permission API of the ANS (ANS-SEC-1). */
    public PermissionClient permissions() {
        return permissions;
    }

    /**
     * Returns the {@link AnsMonitor} of a gateway with this identity (ANS-MON-2): anomaly reports
     * are signed with the identity's current key (the ANS accepts them from its gateways, agents
     * whose label begins with {@code gateway}), and the suspensions in force are followed with
     * long polls whose answers are verified. Lives as long as this client.
     *
     * <pre>{@code
     * GatewayServer.builder().lookup(ans).identity(identity).ansMonitor(ans.monitor(identity));
     * }</pre>
     */
    public AnsMonitor monitor(AgentIdentity reporter) {
        requireOpen();
        return new RemoteAnsMonitor(transport, longPolls, Objects.requireNonNull(reporter, "reporter"), null);
    }

    /** Returns an {@link AnsMonitor} that reports with the administrator token (tools, gateways without an ANS identity). */
    public AnsMonitor monitor(String adminToken) {
        requireOpen();
        return new RemoteAnsMonitor(transport, longPolls, null, Objects.requireNonNull(adminToken, "adminToken"));
    }

    /**
     * Returns the {@link InteractionFeed} of a gateway with this identity (ANS-MON-1): batches of
     * audit events for ANS's interaction graph, signed with the identity's current key like its
     * anomaly reports ({@code POST /v1/graph/events}). Lives as long as this client.
     *
     * <pre>{@code
     * GatewayServer.builder().lookup(ans).identity(identity).interactionFeed(ans.interactions(identity));
     * }</pre>
     */
    public InteractionFeed interactions(AgentIdentity reporter) {
        requireOpen();
        return new RemoteInteractionFeed(transport, Objects.requireNonNull(reporter, "reporter"), null);
    }

    /** Returns an {@link InteractionFeed} that reports with the administrator token (tools, gateways without an ANS identity). */
    public InteractionFeed interactions(String adminToken) {
        requireOpen();
        return new RemoteInteractionFeed(transport, null, Objects.requireNonNull(adminToken, "adminToken"));
    }

    /**
     * Returns a channel to an agent through the gateway (CLI-3): calls go to
     * {@code {gateway}/agents/{url-encoded name}} over mutual TLS with this client's identity,
     * and the gateway's certificate must name {@link Builder#gatewayName} (or, when none was
     * given, any agent of the ANS CA). A name without a version reaches the newest active one.
     *
     * @throws ConfigurationException when the client has no gateway
     */
    public AgentChannel agent(AgentName name) {
        Objects.requireNonNull(name, "name");
        requireOpen();
        okhttp3.HttpUrl base = gateway;
        if (base == null) {
            throw new ConfigurationException("this AcfClient has no gateway: builder.gateway(URI.create(\"https://gateway.example.net\"))");
        }
        okhttp3.HttpUrl url = base.newBuilder().addPathSegment("agents").addPathSegment(name.toString()).build();
        okhttp3.HttpUrl card = url.newBuilder().addPathSegment(".well-known").addPathSegment("agent-card.json").build();
        AgentName expected = gatewayName;
        return new AgentChannel(name, url, card, agents, agents.clients(peer -> expected == null || peer.fqdn().equals(expected.fqdn()),
                expected == null ? "an agent of this ANS" : expected.toString()), dev.acf.api.a2a.A2aVersion.V1_0);
    }

    /**
     * Returns a channel straight to an agent's endpoint, without the gateway: the peer's
     * certificate must name this agent (any version).
     */
    public AgentChannel agentAt(AgentName name, URI endpoint) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        requireOpen();
        okhttp3.HttpUrl url = okhttp3.HttpUrl.get(endpoint.toString());
        okhttp3.HttpUrl card = url.newBuilder().encodedPath("/.well-known/agent-card.json").build();
        return new AgentChannel(name, url, card, agents, agents.clients(peer -> peer.fqdn().equals(name.fqdn()), name.toString()),
                dev.acf.api.a2a.A2aVersion.V1_0);
    }

    /**
     * Resolves an intent (verified, as {@link #resolve(String, ResolveOptions)} does) and returns
     * a channel through the gateway to the best agent.
     *
     * @throws dev.acf.api.error.NotFoundException ({@code agent_not_found}) when no agent matches
     */
    public AgentChannel agentFor(String intent) {
        List<ResolveResult> best = resolve(intent, ResolveOptions.defaults().limit(1));
        if (best.isEmpty()) {
            throw new dev.acf.api.error.NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no agent answers the intent '" + intent + "'");
        }
        return agent(best.get(0).name());
    }

    /**
     * Asks the best agent for an intent: resolves it, verifies the signed answer, then sends
     * the message to that agent through the gateway and waits for its answer.
     *
     * <pre>{@code
     * SendMessageResult answer = client.ask("diagnose a broadband line that keeps dropping",
     *         AgentChannel.userMessage("Line 17 drops every evening"));
     * }</pre>
     */
    public SendMessageResult ask(String intent, Message message) {
        return agentFor(intent).send(message);
    }

    /** Asks the best agent for an intent with a text message; see {@link #ask(String, Message)}. */
    public SendMessageResult ask(String intent, String text) {
        return ask(intent, AgentChannel.userMessage(text));
    }

    /**
     * Fetches the CA chain of the ANS ({@code GET /v1/ca/chain}), issuing CA first. The answer
     * is not signed: trust it only as far as the connection to the ANS.
     */
    public List<X509Certificate> caChain() {
        try {
            return Pem.parseCertificates(new String(transport.getPlain(transport.url("v1", "ca", "chain")).body(),
                    StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "the ANS CA chain is not PEM certificates: " + e.getMessage(), e);
        }
    }

    /** Returns the base URI of the ANS this client talks to. */
    public URI ans() {
        return transport.base().uri();
    }


    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this AcfClient is closed");
        }
    }

    /** Stops automatic renewals and the event stream, and releases connections. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (AutoRenewal renewal : List.copyOf(renewals)) {
            renewal.close();
        }
        subscriptions.close();
        agents.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /**
     * Configures an {@link AcfClient}; not thread-safe. Only {@link #ans} is required.
     *
     * <pre>{@code
     * AcfClient ans = AcfClient.builder()
     *         .ans(URI.create("https://ans.ops.example.net"))
     *         .pinnedJwks(Files.readString(Path.of("ans-jwks.json")))
     *         .cacheTtl(Duration.ofSeconds(10))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private @Nullable URI ans;
        private @Nullable String pinnedJwks;
        private Duration cacheTtl = Duration.ofSeconds(30);
        private int cacheCapacity = 10_000;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);
        private Duration jwksRefreshInterval = Duration.ofSeconds(60);
        private Duration signatureMaxAge = Duration.ofMinutes(5);
        private Backoff retryBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2);
        private Clock clock = Clock.systemUTC();
        private @Nullable URI gateway;
        private @Nullable AgentName gatewayName;
        private @Nullable AgentIdentity identity;
        private Duration callTimeout = Duration.ofSeconds(60);
        private Duration streamIdleTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 3;
        private int maxReconnects = 5;
        private boolean signedResolution;
        private @Nullable String eventsToken;

        private Builder() {}

        /**
         * Presents this token, the ANS's administrator token or a grant reader token, when
         * following the event stream ({@link #subscribe}). Without it the ANS sends only the
         * events of agents that an anonymous caller may discover, and every withdrawal; a gateway
         * that serves agents hidden from discovery sets its grant reader token here, so it hears
         * of their updates too.
         */
        public Builder eventsToken(String value) {
            if (Objects.requireNonNull(value, "eventsToken").isBlank()) {
                throw new IllegalArgumentException("the events token must not be blank");
            }
            this.eventsToken = value;
            return this;
        }

        /**
         * Signs semantic resolution requests with the {@link #identity} (off by default), so the
         * ANS answers with the agents this identity may discover (ANS-SEC-1); needed where the
         * ANS denies discovery by default. The identity must be registered at this ANS.
         */
        public Builder signedResolution(boolean value) {
            this.signedResolution = value;
            return this;
        }

        /** Sets the gateway agents are called through, such as {@code https://gateway.ops.example.net:8443}. */
        public Builder gateway(URI value) {
            this.gateway = Objects.requireNonNull(value, "gateway");
            return this;
        }

        /** Sets the ANS name the gateway's certificate must carry; without it any agent of the ANS CA is accepted. */
        public Builder gatewayName(AgentName value) {
            this.gatewayName = Objects.requireNonNull(value, "gatewayName");
            return this;
        }

        /**
         * Sets the identity presented as TLS client certificate in agent calls; it may still be
         * uncertified when the client is built (it is read at the first call).
         */
        public Builder identity(AgentIdentity value) {
            this.identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /** Sets the time one unary agent call may take (default 60 s). */
        public Builder callTimeout(Duration value) {
            this.callTimeout = positive(value, "callTimeout");
            return this;
        }

        /** Sets how long a stream may stay silent before it counts as broken and resumes (default 60 s; agents send keep-alives). */
        public Builder streamIdleTimeout(Duration value) {
            this.streamIdleTimeout = positive(value, "streamIdleTimeout");
            return this;
        }

        /** Sets how many attempts an idempotent agent call gets (default 3) and how many failed resumptions end a stream (default 5). */
        public Builder agentRetries(int attempts, int reconnects) {
            if (attempts < 1 || reconnects < 0) {
                throw new IllegalArgumentException("attempts must be positive and reconnects not negative, were " + attempts + ", " + reconnects);
            }
            this.maxAttempts = attempts;
            this.maxReconnects = reconnects;
            return this;
        }

        /** Sets the ANS base URI, such as {@code https://ans.ops.example.net} (required). */
        public Builder ans(URI value) {
            this.ans = Objects.requireNonNull(value, "ans");
            return this;
        }

        /**
         * Pins the ANS signing keys: a JWKS ({@code {"keys":[...]}}) or the whole
         * {@code /.well-known/ans} document. Without it the keys are trusted on first use.
         */
        public Builder pinnedJwks(String json) {
            this.pinnedJwks = Objects.requireNonNull(json, "json");
            return this;
        }

        /** Sets how long a resolution is cached (default 30 s); zero disables the cache. */
        public Builder cacheTtl(Duration value) {
            this.cacheTtl = notNegative(value, "cacheTtl");
            return this;
        }

        /** Sets how many names the cache holds at most (default 10,000). */
        public Builder cacheCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("cache capacity must be positive, was " + value);
            }
            this.cacheCapacity = value;
            return this;
        }

        /** Sets the TCP/TLS connect timeout (default 5 s); also how long {@link #subscribe} waits for the stream. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** Sets the time one ANS request may take in all (default 15 s). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        /** Sets the least time between two JWKS fetches caused by unknown key ids (default 60 s). */
        public Builder jwksRefreshInterval(Duration value) {
            this.jwksRefreshInterval = notNegative(value, "jwksRefreshInterval");
            return this;
        }

        /** Sets how far an answer's signing time may lie from now (default 5 min); older answers are replays. */
        public Builder signatureMaxAge(Duration value) {
            this.signatureMaxAge = positive(value, "signatureMaxAge");
            return this;
        }

        /** Sets the backoff between failed automatic renewals and event stream reconnections (default 1 s doubling to 5 min, 20 % jitter). */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryBackoff = new Backoff(initial, max, 0.2);
            return this;
        }

        /** Sets the clock of cache expiry, signature freshness and renewal times (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the client; nothing is fetched until the first call.
         *
         * @throws ConfigurationException when the ANS URI is missing or not http(s)
         * @throws TrustException when the pinned JWKS is not valid
         */
        public AcfClient build() {
            if (ans == null) {
                throw new ConfigurationException("an AcfClient needs the ANS URI: builder.ans(URI.create(\"https://ans.example.net\"))");
            }
            okhttp3.HttpUrl base = okhttp3.HttpUrl.parse(ans.toString());
            if (base == null) {
                throw new ConfigurationException("the ANS URI must be an absolute http or https URI, was " + ans);
            }
            return new AcfClient(this, base);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }
    }

    /** A handle on an event subscription; closing it is idempotent and never throws. */
    public interface Subscription extends AutoCloseable {
        /** Stops the subscription. */
        @Override
        void close();
    }
}
