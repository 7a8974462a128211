package dev.acf.ans.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.AutoRenewal;
import dev.acf.client.KeyRotation;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent-signed life cycle through the SDK against a real ANS: update (ANS-LIFE-1), renewal
 * (ANS-LIFE-2), revocation by the agent (ANS-LIFE-3) and automatic renewal (CLI-1).
 */
class ClientLifecycleTest {
    @TempDir
    Path data;
    @TempDir
    Path identityDir;

    private AnsServer ans;
    private AcfClient client;

    private AgentIdentity start(Duration validity) {
        ans = AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(ClientRegistrationTest.TOKEN, BootstrapTokens.Use.REUSABLE)
                .adminToken(ClientRegistrationTest.ADMIN)
                .certificateValidity(validity)
                .build()
                .start();
        client = AcfClient.builder().ans(ans.baseUri()).build();
        AgentIdentity identity = AgentIdentity.generate(ClientRegistrationTest.NAME).save(identityDir);
        ClientRegistrationTest.register(client, identity);
        return identity;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (ans != null) {
            ans.close();
        }
    }

    private String status(X509Certificate certificate) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/ca/status/" + certificate.getSerialNumber().toString(16)))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            return AcfJson.readTree(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("status").asText();
        }
    }

    @Test
    void renewalGivesANewKeyAndCertificateUnderTheSameNameAndRecord() throws Exception {
        AgentIdentity identity = start(Duration.ofHours(1));
        X509Certificate old = identity.certificate();
        AgentRecord before = client.resolve(identity.name()).orElseThrow();

        AgentRecord renewed = client.renew(identity);

        assertThat(renewed.name()).isEqualTo(identity.name());
        assertThat(renewed.registeredAt()).isEqualTo(before.registeredAt());
        assertThat(identity.certificate().getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(identity.publicKey()).isNotEqualTo(old.getPublicKey());
        assertThat(status(old)).isEqualTo("good");
        assertThat(client.resolve(identity.name())).hasValueSatisfying(
                r -> assertThat(r.certificate()).contains(ClientRegistrationTest.pemBody(identity)));
        AgentIdentity reloaded = AgentIdentity.load(identityDir);
        assertThat(reloaded.certificate()).isEqualTo(identity.certificate());
        assertThat(reloaded.publicKey()).isEqualTo(identity.publicKey());
    }

    @Test
    void renewalMayKeepTheKey() {
        AgentIdentity identity = start(Duration.ofHours(1));
        X509Certificate old = identity.certificate();

        client.renew(identity, KeyRotation.KEEP_KEY);

        assertThat(identity.certificate().getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(identity.publicKey()).isEqualTo(old.getPublicKey());
    }

    @Test
    void compatibleUpdateChangesTheRecordAndAnIncompatibleOneIsRefused() {
        AgentIdentity identity = start(Duration.ofHours(1));
        List<Endpoint> moved = List.of(Endpoint.of("https://probe-2.agents.internal:9443/a2a", Endpoint.JSONRPC));

        AgentRecord updated = client.update(identity, null, moved);

        assertThat(updated.endpoints()).isEqualTo(moved);
        assertThat(client.resolve(identity.name())).hasValueSatisfying(r -> assertThat(r.endpoints()).isEqualTo(moved));
        AgentCard card = SampleAgents.record(identity.name()).agentCard();
        AgentCard withoutSkills = AgentCard.builder(card.name(), card.description(), card.version())
                .supportedInterfaces(card.supportedInterfaces())
                .capabilities(card.capabilities())
                .defaultInputModes(card.defaultInputModes())
                .defaultOutputModes(card.defaultOutputModes())
                .skills(List.of())
                .build();
        assertThatThrownBy(() -> client.update(identity, withoutSkills, null)).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).code()).isEqualTo(ErrorCode.INCOMPATIBLE_CHANGE));
    }

    @Test
    void agentRevokesItselfThenLeavesResolutionAndCannotRenew() throws Exception {
        AgentIdentity identity = start(Duration.ofHours(1));
        assertThat(client.resolve(identity.name())).isPresent();

        AgentRecord revoked = client.revoke(identity, RevocationReason.KEY_COMPROMISE);

        assertThat(revoked.status().name()).isEqualTo("REVOKED");
        assertThat(client.resolve(identity.name())).isEmpty();
        assertThat(status(identity.certificate())).isEqualTo("revoked");
        assertThatThrownBy(() -> client.renew(identity)).isInstanceOf(TrustException.class)
                .satisfies(e -> assertThat(((TrustException) e).code()).isEqualTo(ErrorCode.CERTIFICATE_REVOKED));
    }

    @Test
    void automaticRenewalReplacesTheCertificateBeforeItExpires() {
        AgentIdentity identity = start(Duration.ofSeconds(6));
        X509Certificate first = identity.certificate();
        List<Instant> renewedAt = new CopyOnWriteArrayList<>();
        identity.addListener(id -> renewedAt.add(Instant.now()));

        try (AutoRenewal renewal = client.keepRenewed(identity)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> renewal.renewals() >= 1);

            assertThat(renewedAt.get(0)).isBefore(first.getNotAfter().toInstant());
            assertThat(identity.certificate().getSerialNumber()).isNotEqualTo(first.getSerialNumber());
            assertThat(identity.expiresAt()).isAfter(first.getNotAfter().toInstant());
            assertThat(renewal.lastFailure()).isEmpty();
            assertThat(renewal.nextAttempt()).isPresent();
        }
    }
}
