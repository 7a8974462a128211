package dev.acf.ans.lifecycle;

import dev.acf.ans.ca.Pem;
import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.register.RegistrationResult;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.CertificateRequest;
import dev.acf.api.ca.CertificateStatus;
import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.client.jws.RequestVerifier;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a registered agent does with its own key (ANS-LIFE-1..3): update its card and
 * endpoints, renew its certificate, revoke itself. Every request is a JWS signed with the
 * agent's current key, bound to the HTTP method and path, fresh ({@code iat}) and used once
 * ({@code nonce}); a revoked or expired certificate can do none of these.
 *
 * <p>Thread-safe; the store's optimistic concurrency orders concurrent changes of one agent.
 */
public final class Lifecycle {
    private final RegistryStore store;
    private final CertificateAuthority ca;
    private final AgentEvents events;
    private final RequestVerifier verifier;
    private final Duration validity;
    private final Clock clock;

    /** Wires the lifecycle operations. */
    public Lifecycle(RegistryStore store, CertificateAuthority ca, AgentEvents events, Duration validity, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.events = Objects.requireNonNull(events, "events");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = RequestVerifier.builder().clock(clock).build();
    }

    /** A request signed by an agent: the JWS and the method and path it was sent to. */
    public record SignedRequest(String jws, String method, String path) {
        /** Requires every part. */
        public SignedRequest {
            Objects.requireNonNull(jws, "jws");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Updates an agent in place (ANS-LIFE-1) when the change is backward compatible.
     *
     * @throws ConflictException ({@code incompatible_change}) listing what breaks compatibility;
     *     such a change needs a new major version, registered anew
     */
    public AgentRecord update(AgentName name, SignedRequest request) {
        StoredAgent stored = current(name);
        AgentUpdate update = payload(stored, request, AgentUpdate.class);
        AgentRecord record = stored.record();
        if (update.agentCard() != null) {
            dev.acf.api.verify.SkillTests.of(update.agentCard());
            List<String> problems = CompatibilityCheck.incompatibilities(record.agentCard(), update.agentCard());
            if (!problems.isEmpty()) {
                Objects.requireNonNull(name.version());
                throw new ConflictException(ErrorCode.INCOMPATIBLE_CHANGE, "incompatible change: " + String.join("; ", problems)
                        + "; register a new major version (ans://v" + (name.version().major() + 1) + ".0.0." + name.fqdn() + ") instead");
            }
        }
        AgentRecord.Builder next = record.toBuilder().updatedAt(clock.instant());
        if (update.agentCard() != null) {
            next.agentCard(update.agentCard()).capabilities(derivedCapabilities(update));
        }
        if (update.endpoints() != null) {
            next.endpoints(update.endpoints());
        }
        AgentRecord updated = next.build();
        store.put(updated, stored.revision());
        events.publish(new AgentEvent(AgentEvent.Type.UPSERTED, updated));
        return updated;
    }

    /**
     * Renews an agent's certificate (ANS-LIFE-2): proof of possession of the current key (the
     * signature) and of the new one (the CSR). The record and name stay; the old certificate
     * stays valid until it expires, so nothing is interrupted.
     */
    public RegistrationResult.Registered renew(AgentName name, SignedRequest request) {
        StoredAgent stored = current(name);
        RenewalRequest renewal = payload(stored, request, RenewalRequest.class);
        if (renewal.csr() == null || renewal.csr().isBlank()) {
            throw new ValidationException("renewal needs a \"csr\" (PKCS#10, PEM)");
        }
        IssuedCertificate issued = ca.issue(new CertificateRequest(Pem.csrToDer(renewal.csr()), name, validity));
        AgentRecord renewed = stored.record().toBuilder().certificate(issued.chainPem()).updatedAt(clock.instant()).build();
        try {
            store.put(renewed, stored.revision());
        } catch (ConflictException raced) {
            ca.revoke(issued.certificate().getSerialNumber(), RevocationReason.SUPERSEDED);
            throw raced;
        }
        events.publish(new AgentEvent(AgentEvent.Type.UPSERTED, renewed));
        return new RegistrationResult.Registered(renewed, issued.chainPem());
    }

    /** Checks an agent's request to revoke itself and returns the reason it gives. */
    public RevocationReason revocationReason(AgentName name, SignedRequest request) {
        StoredAgent stored = current(name);
        RevocationRequest revocation = payload(stored, request, RevocationRequest.class);
        return revocation.reason() == null ? RevocationReason.UNSPECIFIED : revocation.reason();
    }

    /**
     * Verifies a request an agent signed for another operation (such as a permission request)
     * and returns its payload: the agent must be active with a valid certificate, the JWS bound
     * to this method and path, fresh and unused.
     */
    public <T> T verified(AgentName name, SignedRequest request, Class<T> type) {
        return payload(current(name), request, type);
    }

    private StoredAgent current(AgentName name) {
        if (!name.hasVersion()) {
            throw new ValidationException("this operation needs a versioned name, was " + name);
        }
        StoredAgent stored = store.find(name)
                .orElseThrow(() -> new NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no agent " + name));
        if (stored.record().status() == AgentStatus.REVOKED) {
            throw new TrustException(ErrorCode.CERTIFICATE_REVOKED, "agent " + name + " was revoked");
        }
        if (stored.record().status() != AgentStatus.ACTIVE || stored.record().certificate() == null) {
            throw new ConflictException("agent " + name + " is " + stored.record().status() + ", not ACTIVE");
        }
        return stored;
    }

    private <T> T payload(StoredAgent stored, SignedRequest request, Class<T> type) {
        X509Certificate certificate = Pem.parseCertificates(Objects.requireNonNull(stored.record().certificate())).get(0);
        CertificateStatus status = ca.status(certificate.getSerialNumber());
        if (status.state() == CertificateStatus.State.REVOKED) {
            throw new TrustException(ErrorCode.CERTIFICATE_REVOKED, "the certificate of " + stored.record().name() + " was revoked");
        }
        byte[] payload = verifier.verify(request.jws(), certificate, request.method(), request.path());
        T value = AcfJson.read(payload, type);
        if (value == null) {
            throw new ValidationException("the signed payload must be a JSON object");
        }
        return value;
    }

    private static List<dev.acf.api.agent.Capability> derivedCapabilities(AgentUpdate update) {
        return Objects.requireNonNull(update.agentCard()).skills().stream().map(dev.acf.api.agent.Capability::of).toList();
    }

    /** The payload of a renewal. */
    record RenewalRequest(@Nullable String csr) {}

    /** The payload of an agent's own revocation. */
    record RevocationRequest(@Nullable RevocationReason reason) {}
}
