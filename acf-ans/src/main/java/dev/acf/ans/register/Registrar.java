package dev.acf.ans.register;

import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.ca.CsrRules;
import dev.acf.ans.ca.Pem;
import dev.acf.ans.events.AgentEvents;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.CertificateRequest;
import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.PolicyException;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.AgentEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Registration (ANS-REG-1, ANS-REG-4): validate, authorize, certify, write durably, publish,
 * in that order. Under {@link ApprovalPolicy#APPROVAL} a valid request is stored as a
 * {@code PENDING} record (reserving the name) and queued; {@link #approve} certifies it later.
 *
 * <p>Thread-safe: the store's optimistic concurrency decides races for one name; the loser
 * gets a 409 and the certificate issued for it is revoked at once.
 */
public final class Registrar {
    private final Domain domain;
    private final RegistryStore store;
    private final CertificateAuthority ca;
    private final BootstrapTokens tokens;
    private final PendingRequests pending;
    private final AgentEvents events;
    private final ApprovalPolicy policy;
    private final Duration validity;
    private final Clock clock;
    private final CsrRules csrRules;

    /** Wires the registrar; every argument is required. Held requests are checked with the default {@link CsrRules} of the domain. */
    public Registrar(Domain domain, RegistryStore store, CertificateAuthority ca, BootstrapTokens tokens, PendingRequests pending,
            AgentEvents events, ApprovalPolicy policy, Duration validity, Clock clock) {
        this(domain, store, ca, tokens, pending, events, policy, validity, clock, new CsrRules(domain));
    }

    /** Wires the registrar; every argument is required. {@code csrRules} checks requests held for approval, as the CA will. */
    public Registrar(Domain domain, RegistryStore store, CertificateAuthority ca, BootstrapTokens tokens, PendingRequests pending,
            AgentEvents events, ApprovalPolicy policy, Duration validity, Clock clock, CsrRules csrRules) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.store = Objects.requireNonNull(store, "store");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.pending = Objects.requireNonNull(pending, "pending");
        this.events = Objects.requireNonNull(events, "events");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.csrRules = Objects.requireNonNull(csrRules, "csrRules");
    }

    /**
     * Registers an agent.
     *
     * @param bootstrapToken the bearer token presented with the request
     * @throws dev.acf.api.error.AuthenticationException without a valid bootstrap token (401)
     * @throws PolicyException when the name lies outside this ANS's domain (422)
     * @throws ConflictException when this name and version exist already (409)
     * @throws TrustException when the CSR is malformed, weak, or names another agent (400)
     */
    public RegistrationResult register(RegistrationRequest request, @Nullable String bootstrapToken) {
        AgentName name = request.name();
        if (!name.isWithin(domain)) {
            throw new PolicyException("agent name " + name + " lies outside this ANS's domain " + domain);
        }
        boolean held = tokens.consume(bootstrapToken) == BootstrapTokens.Use.REVIEWED || policy == ApprovalPolicy.APPROVAL;
        if (store.find(name).isPresent()) {
            throw new ConflictException("agent " + name + " is already registered; register a new version instead");
        }
        byte[] csr = Pem.csrToDer(request.csr());
        if (held) {
            // A held request must be known to be certifiable now; under AUTO the CA checks it while issuing.
            csrRules.check(csr, name);
        }
        Instant now = clock.instant();
        AgentRecord.Builder record = AgentRecord.builder()
                .name(name)
                .domain(domain)
                .agentCard(request.agentCard())
                .endpoints(request.endpoints())
                .registeredAt(now)
                .updatedAt(now);
        if (held) {
            String id = UUID.randomUUID().toString();
            store.put(record.status(AgentStatus.PENDING).build(), Revision.NONE);
            pending.save(new PendingRequest(id, name, request.csr(), PendingRequest.Status.PENDING, now, null, null));
            return new RegistrationResult.Pending(id);
        }
        IssuedCertificate issued = ca.issue(new CertificateRequest(csr, name, validity));
        AgentRecord active = record.status(AgentStatus.ACTIVE).certificate(issued.chainPem()).build();
        write(active, Revision.NONE, issued);
        return new RegistrationResult.Registered(active, issued.chainPem());
    }

    /**
     * Approves a pending registration: certifies the agent and makes it resolvable.
     *
     * @throws dev.acf.api.error.NotFoundException for an unknown request
     * @throws ConflictException when the request was already decided
     */
    public RegistrationResult.Registered approve(String requestId) {
        PendingRequest request = undecided(requestId);
        StoredAgent stored = store.find(request.name())
                .orElseThrow(() -> new ConflictException("the pending record of " + request.name() + " is gone"));
        IssuedCertificate issued = ca.issue(new CertificateRequest(Pem.csrToDer(request.csr()), request.name(), validity));
        Instant now = clock.instant();
        AgentRecord active = stored.record().toBuilder().status(AgentStatus.ACTIVE).certificate(issued.chainPem()).updatedAt(now).build();
        write(active, stored.revision(), issued);
        pending.save(request.decided(PendingRequest.Status.APPROVED, now, null));
        return new RegistrationResult.Registered(active, issued.chainPem());
    }

    /** Rejects a pending registration; its name and version stay taken by a {@code REJECTED} record. */
    public PendingRequest reject(String requestId, String reason) {
        PendingRequest request = undecided(requestId);
        Instant now = clock.instant();
        store.find(request.name()).ifPresent(stored -> store.put(
                stored.record().toBuilder().status(AgentStatus.REJECTED).updatedAt(now).build(), stored.revision()));
        PendingRequest decided = request.decided(PendingRequest.Status.REJECTED, now, reason);
        pending.save(decided);
        return decided;
    }

    private PendingRequest undecided(String requestId) {
        PendingRequest request = pending.require(requestId);
        if (request.status() != PendingRequest.Status.PENDING) {
            throw new ConflictException("request " + requestId + " was already " + request.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        return request;
    }

    private void write(AgentRecord record, Revision expected, IssuedCertificate issued) {
        try {
            store.put(record, expected);
        } catch (ConflictException lostRace) {
            // Another registration of the same name won: its certificate must not stay valid.
            ca.revoke(issued.certificate().getSerialNumber(), RevocationReason.SUPERSEDED);
            throw lostRace;
        }
        events.publish(new AgentEvent(AgentEvent.Type.UPSERTED, record));
    }
}
