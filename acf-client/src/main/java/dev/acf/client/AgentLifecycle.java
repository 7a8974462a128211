package dev.acf.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.internal.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The agent-side life cycle operations behind {@link AcfClient}: registration, approval,
 * update, renewal and revocation (ANS-REG-1, ANS-LIFE-1..3). Requests other than registration
 * are signed with the agent's current key; every answer is verified by the transport first.
 * Thread-safe.
 */
final class AgentLifecycle {
    private final AnsTransport transport;
    private final ResolutionCache cache;
    private final Clock clock;
    private final Function<AgentName, Optional<AgentRecord>> fetch;
    private final Supplier<List<X509Certificate>> caChain;

    AgentLifecycle(AnsTransport transport, ResolutionCache cache, Clock clock, Function<AgentName, Optional<AgentRecord>> fetch,
            Supplier<List<X509Certificate>> caChain) {
        this.transport = transport;
        this.cache = cache;
        this.clock = clock;
        this.fetch = fetch;
        this.caChain = caChain;
    }

    Registration register(AgentIdentity identity, AgentCard card, List<Endpoint> endpoints, String bootstrapToken) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        KeyPair key = identity.state().key();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", identity.name().toString());
        body.put("agentCard", card);
        body.put("endpoints", List.copyOf(endpoints));
        body.put("csr", identity.csrPem(key));
        AnsTransport.Answer answer = transport.postJson(transport.url("v1", "agents"), body, bootstrapToken);
        JsonNode json = AcfJson.readTree(answer.body());
        if (answer.status() == 202) {
            return new Registration.Pending(json.path("requestId").asText());
        }
        AgentRecord record = AcfJson.convert(agentNode(answer), AgentRecord.class);
        installChain(identity, key, json.path("certificateChain").asText(""));
        cache.evict(identity.name());
        return new Registration.Registered(record);
    }

    Optional<AgentRecord> awaitApproval(AgentIdentity identity, Duration timeout) {
        Objects.requireNonNull(identity, "identity");
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Optional<AgentRecord> record = fetch.apply(identity.name());
            if (record.isPresent() && record.get().certificate() != null) {
                KeyPair key = identity.state().key();
                installChain(identity, key, Objects.requireNonNull(record.get().certificate()));
                return record;
            }
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.min(500, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    AgentRecord update(AgentIdentity identity, @Nullable AgentCard card, @Nullable List<Endpoint> endpoints) {
        Objects.requireNonNull(identity, "identity");
        if (card == null && endpoints == null) {
            throw new IllegalArgumentException("an update needs a card, endpoints or both");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        if (card != null) {
            payload.put("agentCard", card);
        }
        if (endpoints != null) {
            payload.put("endpoints", List.copyOf(endpoints));
        }
        AnsTransport.Answer answer = transport.sendSigned("PATCH", transport.url("v1", "agents", identity.name().toString()), payload,
                identity.state().key().getPrivate());
        cache.evict(identity.name());
        return AcfJson.convert(agentNode(answer), AgentRecord.class);
    }

    AgentRecord renew(AgentIdentity identity, KeyRotation rotation) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(rotation, "rotation");
        identity.renewalLock().lock();
        try {
            identity.certificate();
            KeyPair current = identity.state().key();
            KeyPair next = rotation == KeyRotation.NEW_KEY ? KeyAlgorithm.of(current.getPublic()).generate() : current;
            AnsTransport.Answer answer = transport.sendSigned("POST", transport.url("v1", "agents", identity.name().toString(), "renewal"),
                    Map.of("csr", identity.csrPem(next)), current.getPrivate());
            AgentRecord record = AcfJson.convert(agentNode(answer), AgentRecord.class);
            installChain(identity, next, AcfJson.readTree(answer.body()).path("certificateChain").asText(""));
            cache.evict(identity.name());
            return record;
        } finally {
            identity.renewalLock().unlock();
        }
    }

    AgentRecord revoke(AgentIdentity identity, RevocationReason reason) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(reason, "reason");
        AnsTransport.Answer answer = transport.sendSigned("POST", transport.url("v1", "agents", identity.name().toString(), "revocation"),
                Map.of("reason", reason.rfcName()), identity.state().key().getPrivate());
        cache.evict(identity.name());
        return AcfJson.convert(agentNode(answer), AgentRecord.class);
    }

    private void installChain(AgentIdentity identity, KeyPair key, String chainPem) {
        List<X509Certificate> chain;
        try {
            chain = Pem.parseCertificates(chainPem);
        } catch (GeneralSecurityException e) {
            throw new TrustException("the certificate chain ANS returned cannot be read: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new TrustException("the ANS answer holds no certificate chain");
        }
        // The issuers come from the same signed answer; the unsigned /v1/ca/chain only fills a gap.
        List<X509Certificate> issuers = chain.size() > 1 ? chain.subList(1, chain.size()) : caChain.get();
        identity.install(key, chain, issuers, clock);
    }

    static JsonNode agentNode(AnsTransport.Answer answer) {
        JsonNode agent = AcfJson.readTree(answer.body()).path("agent");
        if (!agent.isObject()) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "the ANS answer has no agent record");
        }
        return agent;
    }
}
