package dev.acf.ans;

import dev.acf.ans.audit.AuditLog;
import dev.acf.ans.audit.AuditRecord;
import dev.acf.ans.auth.Secret;
import dev.acf.ans.ca.Pem;
import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.lifecycle.Lifecycle;
import dev.acf.ans.permission.Permissions;
import dev.acf.ans.register.PendingRequest;
import dev.acf.ans.register.Registrar;
import dev.acf.ans.register.RegistrationRequest;
import dev.acf.ans.register.RegistrationResult;
import dev.acf.ans.resolve.ExactResolver;
import dev.acf.ans.resolve.IndexFollower;
import dev.acf.ans.resolve.Reranking;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.ans.sync.Federator;
import dev.acf.ans.verify.TrustRanking;
import dev.acf.ans.verify.TrustStore;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.PermissionDeniedException;
import dev.acf.api.error.PolicyException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.Reranker;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ContentInspector;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.security.InspectionResult;
import dev.acf.api.security.PermissionPolicy;
import dev.acf.api.verify.ProbeIdentity;
import dev.acf.api.verify.TrustProfile;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The in-process Java API of an ANS: what its HTTP binding calls, and what a host
 * application embedding the ANS may call directly. Obtain it from {@link AnsServer#service()}.
 *
 * <p>Every mutation follows validate, authorize, write durably, publish. Thread-safe.
 *
 * <pre>{@code
 * RegistrationResult r = ans.service().register(request, bootstrapToken);
 * Optional<AgentRecord> rca = ans.service().resolve(AgentName.parse("ans://rca.broadband.ops.example.net"));
 * }</pre>
 */
public final class AnsService {
    private final Domain domain;
    private final RegistryStore store;
    private final CertificateAuthority ca;
    private final Registrar registrar;
    private final ExactResolver resolver;
    private final AgentEvents events;
    private final @Nullable Secret adminToken;
    private final Set<Secret> grantReaders;
    private final Clock clock;
    private final dev.acf.ans.register.PendingRequests pending;
    private final AuditLog audit;
    private final Lifecycle lifecycle;
    private final @Nullable IndexFollower index;
    private final @Nullable Reranker reranker;
    private final @Nullable ContentInspector inspector;
    private final Permissions permissions;
    private final dev.acf.ans.monitor.Monitor monitor;
    private final dev.acf.ans.graph.InteractionGraph graph;
    private final TrustStore trust;
    private volatile @Nullable Federator federator;

    AnsService(Domain domain, RegistryStore store, CertificateAuthority ca, Registrar registrar, ExactResolver resolver,
            AgentEvents events, dev.acf.ans.register.PendingRequests pending, @Nullable Secret adminToken, Set<Secret> grantReaders, AuditLog audit, Lifecycle lifecycle,
            @Nullable IndexFollower index, @Nullable Reranker reranker, @Nullable ContentInspector inspector, Permissions permissions,
            Clock clock, dev.acf.ans.monitor.Monitor monitor, dev.acf.ans.graph.InteractionGraph graph, TrustStore trust) {
        this.domain = domain;
        this.store = store;
        this.ca = ca;
        this.registrar = registrar;
        this.resolver = resolver;
        this.events = events;
        this.pending = pending;
        this.adminToken = adminToken;
        this.grantReaders = Set.copyOf(grantReaders);
        this.audit = audit;
        this.lifecycle = lifecycle;
        this.index = index;
        this.reranker = reranker;
        this.inspector = inspector;
        this.permissions = permissions;
        this.clock = clock;
        this.monitor = monitor;
        this.graph = graph;
        this.trust = trust;
    }

    /** Lets semantic resolution include the records imported from peer domains (ANS-SYNC-2). */
    void federate(Federator value) {
        this.federator = value;
    }

    /** Returns the domain this ANS is authoritative for. */
    public Domain domain() {
        return domain;
    }

    /** Registers an agent; see {@link Registrar#register}. */
    public RegistrationResult register(RegistrationRequest request, @Nullable String bootstrapToken) {
        String actor = bootstrapToken == null ? "anonymous" : "bootstrap:" + Secret.fingerprintOf(bootstrapToken).substring(0, 16);
        return audited(actor, "agent.register", request.name().toString(), AcfJson.writeBytes(request), () -> {
            if (ProbeIdentity.isProbe(request.name())) {
                throw new PolicyException(ErrorCode.POLICY_REFUSED, request.name()
                        + " is reserved for the capability-verification probe of ANS (names under probe.ans.)");
            }
            return registrar.register(request, bootstrapToken);
        });
    }

    /** Resolves a name exactly (ANS-RES-1): only active, unexpired agents. */
    public Optional<AgentRecord> resolve(AgentName name) {
        return resolver.resolve(name);
    }

    /**
     * Resolves an intent semantically (ANS-RES-2, ANS-RES-3): the agents that match it, best
     * first, each with a score in 0-1 and its best-matching skill, filtered as the query says.
     * An agent registered or revoked on this ANS before the call is already in or out of the
     * answer. With a reranker, twice the candidates are retrieved and reordered; a reranker that
     * fails or answers nonsense leaves the retrieval order.
     *
     * <pre>{@code
     * List<ResolveResult> found = ans.service().resolve(ResolveQuery.of("poor mobile signal and unstable broadband at home", 5),
     *         SearchOptions.defaults());
     * }</pre>
     *
     * @throws NotFoundException ({@code not_found}) when semantic resolution is disabled on this ANS
     * @throws PermissionDeniedException ({@code content_blocked}) when content inspection (ANS-SEC-2) blocks the
     *     query; the message names the rule, and the refusal is audited (a flagged query is audited and answered)
     * @throws dev.acf.api.error.UnavailableException when the index is still being built or the store cannot be read
     */
    public List<ResolveResult> resolve(ResolveQuery query, SearchOptions options) {
        if (index == null) {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "semantic resolution is disabled on this ANS");
        }
        inspect(query.text());
        Federator peers = federator;
        if (reranker == null) {
            return withTrust(query, peers == null ? index.search(query, options) : peers.search(index, query, options));
        }
        ResolveQuery wider = Reranking.widened(query);
        return withTrust(query, Reranking.apply(reranker, query, peers == null ? index.search(wider, options) : peers.search(index, wider, options)));
    }

    private List<ResolveResult> withTrust(ResolveQuery query, List<ResolveResult> found) {
        return TrustRanking.annotated(found, trust, query.filters().verifiedOnly());
    }

    /**
     * Resolves an intent as {@link #resolve(ResolveQuery, SearchOptions, CallerIdentity)} does and,
     * with {@code preferVerified}, boosts agents with a verified skill (ANS-MON-3): twice the
     * candidates are retrieved and ranked by {@link TrustRanking#preferVerified}.
     */
    public List<ResolveResult> resolve(ResolveQuery query, SearchOptions options, CallerIdentity caller, boolean preferVerified) {
        if (!preferVerified) {
            return resolve(query, options, caller);
        }
        ResolveQuery wider = new ResolveQuery(query.text(), Math.min(ResolveQuery.MAX_LIMIT, query.limit() * 2), query.filters());
        return TrustRanking.preferVerified(resolve(wider, options, caller), query.limit());
    }

    /**
     * Returns the trust profile of an agent (ANS-MON-3): of that version for a versioned name, of
     * the newest active version (else the newest) for a name without version; never verified:
     * empty lists and {@code lastVerified} null.
     *
     * @throws NotFoundException ({@code agent_not_found}) when no version of the name is registered
     */
    public TrustProfile trust(AgentName name) {
        AgentName version = name.hasVersion() ? store.find(name).map(s -> s.record().name()).orElse(null)
                : resolve(name).map(AgentRecord::name).orElseGet(() -> store.versions(name).stream()
                        .map(s -> s.record().name()).max(java.util.Comparator.comparing(AgentName::version,
                                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))).orElse(null));
        if (version == null) {
            throw new NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no agent " + name);
        }
        return trust.profile(version);
    }

    /** Returns the trust profiles of this domain's agents (ANS-MON-3). */
    public TrustStore trustProfiles() {
        return trust;
    }

    private void inspect(String text) {
        ContentInspector i = inspector;
        if (i == null) {
            return;
        }
        InspectionResult result = i.inspect(ContentInspector.Direction.REQUEST, CallerIdentity.anonymous(), text);
        if (result.verdict() == InspectionResult.Verdict.ALLOW || result.ruleId() == null) {
            return;
        }
        boolean block = result.verdict() == InspectionResult.Verdict.BLOCK;
        audit.append(auditRecord("anonymous", "resolve.inspect", null, block ? ErrorCode.CONTENT_BLOCKED.id() : "flagged",
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .withDetail("ruleId", result.ruleId()).withDetail("message", result.reason()));
        if (block) {
            throw new PermissionDeniedException(ErrorCode.CONTENT_BLOCKED,
                    "the query was blocked by content inspection (rule " + result.ruleId() + "): " + result.reason());
        }
    }

    /**
     * Resolves an intent for an identified caller: only agents the caller may discover
     * (ANS-SEC-1) are returned. Candidates are over-fetched so that up to the limit still come
     * back when some are hidden.
     */
    public List<ResolveResult> resolve(ResolveQuery query, SearchOptions options, CallerIdentity caller) {
        if (permissions.policy().allowsEverything()) {
            return resolve(query, options);
        }
        int wanted = query.limit();
        int fetch = Math.min(ResolveQuery.MAX_LIMIT, Math.max(wanted * 3, wanted + 10));
        List<ResolveResult> visible = visible(resolve(new ResolveQuery(query.text(), fetch, query.filters()), options), caller);
        if (visible.size() < wanted && fetch < ResolveQuery.MAX_LIMIT) {
            visible = visible(resolve(new ResolveQuery(query.text(), ResolveQuery.MAX_LIMIT, query.filters()), options), caller);
        }
        return List.copyOf(visible.subList(0, Math.min(wanted, visible.size())));
    }

    private List<ResolveResult> visible(List<ResolveResult> found, CallerIdentity caller) {
        List<ResolveResult> out = new java.util.ArrayList<>(found.size());
        for (ResolveResult r : found) {
            if (permissions.policy().decide(caller, r.agent().name(), PermissionPolicy.DISCOVER).allowed()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Returns the grants of this ANS and the policy evaluating them (ANS-SEC-1). */
    public Permissions permissions() {
        return permissions;
    }

    /**
     * Verifies a request an agent signed with its current key and returns the payload
     * (see {@link Lifecycle#verified}); the agent is then authenticated.
     */
    public <T> T authenticateAgent(AgentName agent, Lifecycle.SignedRequest request, Class<T> type) {
        return lifecycle.verified(agent, request, type);
    }

    /** Files an agent's signed request for a grant with itself as the caller: {@code PENDING} until an administrator decides. */
    public Grant requestPermission(AgentName agent, Lifecycle.SignedRequest request) {
        return audited(agent.toString(), "permission.request", agent.toString(), request.jws().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                () -> permissions.request(lifecycle.verified(agent, request, GrantRequest.class), agent));
    }

    /** Creates a grant in force at once (administrators only). */
    public Grant createPermission(GrantRequest request, @Nullable String presentedAdminToken) {
        return audited("admin", "permission.create", request.target(), AcfJson.writeBytes(request), () -> {
            authorizeAdmin(presentedAdminToken);
            return permissions.create(request, "admin");
        });
    }

    /** Approves a pending grant (administrators only). */
    public Grant approvePermission(String id, @Nullable String presentedAdminToken) {
        return audited("admin", "permission.approve", id, null, () -> {
            authorizeAdmin(presentedAdminToken);
            return permissions.approve(id, "admin");
        });
    }

    /** Rejects a pending grant (administrators only). */
    public Grant rejectPermission(String id, String reason, @Nullable String presentedAdminToken) {
        return audited("admin", "permission.reject", id, null, () -> {
            authorizeAdmin(presentedAdminToken);
            return permissions.reject(id, "admin", reason);
        });
    }

    /** Revokes a grant as an administrator. */
    public Grant revokePermission(String id, String reason, @Nullable String presentedAdminToken) {
        return audited("admin", "permission.revoke", id, null, () -> {
            authorizeAdmin(presentedAdminToken);
            return permissions.revoke(id, "admin", reason);
        });
    }

    /**
     * Revokes a grant at the signed request of the agent it targets (its owner: the target
     * names that agent, no wildcard) or of the agent that requested it.
     */
    public Grant revokePermissionAsAgent(String id, AgentName agent, Lifecycle.SignedRequest request) {
        return audited(agent.toString(), "permission.revoke", id, request.jws().getBytes(java.nio.charset.StandardCharsets.US_ASCII), () -> {
            RevokeBody body = lifecycle.verified(agent, request, RevokeBody.class);
            Grant g = permissions.require(id);
            boolean owner = !g.target().contains("*") && !g.target().contains("?") && Grant.agentMatches(g.target(), agent);
            boolean requester = g.requester().equals(agent.toString());
            if (!owner && !requester) {
                throw new PermissionDeniedException(agent + " neither owns the target of grant " + id + " nor requested it");
            }
            return permissions.revoke(id, agent.toString(), body.reason() == null ? "revoked" : body.reason());
        });
    }

    /** The payload of an agent's revocation of a grant. */
    record RevokeBody(@Nullable String agent, @Nullable String reason) {}

    /**
     * Resolves a name or fails.
     *
     * @throws NotFoundException ({@code agent_not_found}) when nothing resolvable answers it
     */
    public AgentRecord require(AgentName name) {
        return resolve(name).orElseThrow(() -> new NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no active agent " + name));
    }

    /** Returns the requests in a status (administrators only). */
    public List<PendingRequest> requests(PendingRequest.Status status, @Nullable String presentedAdminToken) {
        authorizeAdmin(presentedAdminToken);
        return pending.list(status);
    }

    /** Approves a pending registration (administrators only). */
    public RegistrationResult.Registered approve(String requestId, @Nullable String presentedAdminToken) {
        authorizeAdmin(presentedAdminToken);
        return audited("admin", "request.approve", requestId, null, () -> registrar.approve(requestId));
    }

    /** Rejects a pending registration (administrators only). */
    public PendingRequest reject(String requestId, String reason, @Nullable String presentedAdminToken) {
        authorizeAdmin(presentedAdminToken);
        return audited("admin", "request.reject", requestId, null, () -> registrar.reject(requestId, reason));
    }

    /**
     * Revokes an agent version as an administrator (ANS-LIFE-3): its certificate goes on the
     * CRL, it leaves resolution at once, and gateways are told.
     */
    public AgentRecord revokeAsAdmin(AgentName name, RevocationReason reason, @Nullable String presentedAdminToken) {
        return revokeAsAdmin(name, reason, presentedAdminToken, "admin");
    }

    /**
     * Revokes an agent version as an administrator, recording {@code operator} (such as
     * {@code admin:alice}) as the actor in the audit log.
     */
    public AgentRecord revokeAsAdmin(AgentName name, RevocationReason reason, @Nullable String presentedAdminToken, String operator) {
        authorizeAdmin(presentedAdminToken);
        return audited(operator, "agent.revoke", name.toString(), null, () -> revoke(name, reason));
    }

    /**
     * Updates an agent with a request signed by its current key (ANS-LIFE-1).
     *
     * @throws dev.acf.api.error.ConflictException ({@code incompatible_change}) for a change that
     *     needs a new major version
     */
    public AgentRecord update(AgentName name, Lifecycle.SignedRequest request) {
        return audited(name.toString(), "agent.update", name.toString(), request.jws().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                () -> lifecycle.update(name, request));
    }

    /** Renews an agent's certificate with a request signed by its current key (ANS-LIFE-2). */
    public RegistrationResult.Registered renew(AgentName name, Lifecycle.SignedRequest request) {
        return audited(name.toString(), "agent.renew", name.toString(), request.jws().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                () -> lifecycle.renew(name, request));
    }

    /** Revokes an agent at its own signed request (ANS-LIFE-3). */
    public AgentRecord revokeAsAgent(AgentName name, Lifecycle.SignedRequest request) {
        return audited(name.toString(), "agent.revoke", name.toString(), request.jws().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                () -> revoke(name, lifecycle.revocationReason(name, request)));
    }

    AgentRecord revoke(AgentName name, RevocationReason reason) {
        if (!name.hasVersion()) {
            throw new ValidationException("revocation needs a versioned name, was " + name);
        }
        StoredAgent stored = store.find(name).orElseThrow(() -> new NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no agent " + name));
        if (stored.record().status() == AgentStatus.REVOKED) {
            return stored.record();
        }
        String pem = stored.record().certificate();
        if (pem != null) {
            ca.revoke(Pem.parseCertificates(pem).get(0).getSerialNumber(), reason);
        }
        AgentRecord revoked = stored.record().toBuilder().status(AgentStatus.REVOKED).updatedAt(clock.instant()).build();
        store.put(revoked, stored.revision());
        events.publish(new AgentEvent(AgentEvent.Type.WITHDRAWN, revoked));
        return revoked;
    }

    /** Returns the tamper-evident log of every lifecycle operation (ANS-LIFE-4). */
    public AuditLog audit() {
        return audit;
    }

    /**
     * Runs an operation and appends its outcome to the audit log: {@code ok}, or the error
     * code of the refusal. An operation that succeeded is acknowledged only once audited.
     */
    <T> T audited(String actor, String action, @Nullable String target, byte @Nullable [] request, Supplier<T> operation) {
        T result;
        try {
            result = operation.get();
        } catch (AcfException e) {
            audit.append(auditRecord(actor, action, target, e.code().id(), request).withDetail("message", e.getMessage()));
            throw e;
        }
        audit.append(auditRecord(actor, action, target, "ok", request));
        return result;
    }

    private static AuditRecord auditRecord(String actor, String action, @Nullable String target, String outcome, byte @Nullable [] request) {
        AuditRecord record = AuditRecord.of(actor, action, target, outcome);
        return request == null ? record : record.withRequestBody(request);
    }

    /** Returns the certificate authority of this domain. */
    public CertificateAuthority ca() {
        return ca;
    }

    /** Returns the anomalies reported by gateways and the suspensions in force (ANS-MON-2). */
    public dev.acf.ans.monitor.Monitor monitor() {
        return monitor;
    }

    /** Returns the interaction graph built from the gateways' audit events (ANS-MON-1). */
    public dev.acf.ans.graph.InteractionGraph graph() {
        return graph;
    }

    /** Returns the agent event stream. */
    public AgentEvents events() {
        return events;
    }

    /**
     * Checks a token presented to list the permission grants: the administrator token or a
     * grant reader token. The grants say who may discover and call whom, which is for the
     * administrator and the gateways enforcing them, not for any caller.
     *
     * @throws PermissionDeniedException when neither kind of token is configured
     * @throws AuthenticationException when the token is missing or wrong
     */
    public void authorizeGrantReader(@Nullable String presented) {
        if (adminToken == null && grantReaders.isEmpty()) {
            throw new PermissionDeniedException("listing grants is disabled on this ANS: no admin token and no grant reader token is configured");
        }
        if (presented != null) {
            boolean known = adminToken != null && adminToken.matches(presented);
            for (Secret reader : grantReaders) {
                known |= reader.matches(presented); // every token compared, so timing does not tell which kind matched
            }
            if (known) {
                return;
            }
        }
        throw new AuthenticationException("listing grants needs the administrator token or a grant reader token: Authorization: Bearer <token>");
    }

    /**
     * Returns which agent events a subscriber of the event stream may receive. The holders of the
     * administrator token or of a grant reader token (gateways) receive every event. Anyone else
     * receives the events of agents an anonymous caller may discover (ANS-SEC-1), so the stream
     * lists no more agents than resolution does, and every withdrawal: a client or gateway that
     * looked a hidden agent up by name must still drop it when it is revoked or suspended.
     *
     * @param presented the bearer token of the subscription, or {@code null} for none
     * @throws AuthenticationException when a token is presented that is neither kind
     * @throws PermissionDeniedException when a token is presented and neither kind is configured
     */
    public Predicate<AgentEvent> eventVisibility(@Nullable String presented) {
        if (presented != null) {
            authorizeGrantReader(presented);
            return event -> true;
        }
        CallerIdentity anonymous = CallerIdentity.anonymous();
        return event -> {
            // The grants in force when the event is sent decide, not those of the subscription's start.
            GrantPolicy policy = permissions.policy();
            return policy.allowsEverything() || event.type() == AgentEvent.Type.WITHDRAWN
                    || policy.decide(anonymous, event.agent().name(), PermissionPolicy.DISCOVER).allowed();
        };
    }

    /**
     * Checks an administrator token.
     *
     * @throws PermissionDeniedException when administration is disabled (no admin token configured)
     * @throws AuthenticationException when the token is missing or wrong
     */
    public void authorizeAdmin(@Nullable String presented) {
        if (adminToken == null) {
            throw new PermissionDeniedException("administration is disabled on this ANS: no admin token is configured");
        }
        if (presented == null || !adminToken.matches(presented)) {
            throw new AuthenticationException("an administrator token is required: Authorization: Bearer <admin token>");
        }
    }
}
