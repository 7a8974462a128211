package dev.acf.ans.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.register.ApprovalPolicy;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.KeyAlgorithm;
import dev.acf.client.Registration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against a real ANS: registration, verified resolution, revocation push. */
class ClientRegistrationTest {
    static final String TOKEN = "fleet-bootstrap-token-0001";
    static final String ADMIN = "admin-token-0123456789abcdef";
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");

    @TempDir
    Path data;
    @TempDir
    Path identityDir;

    private AnsServer ans;
    private AcfClient client;

    private void start(ApprovalPolicy policy) {
        ans = AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .adminToken(ADMIN)
                .approvalPolicy(policy)
                .build()
                .start();
        client = AcfClient.builder().ans(ans.baseUri()).cacheTtl(Duration.ofMinutes(10)).build();
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

    static Registration register(AcfClient client, AgentIdentity identity) {
        AgentRecord sample = SampleAgents.record(identity.name());
        return client.register(identity, sample.agentCard(), sample.endpoints(), TOKEN);
    }

    @Test
    void agentRegistersWithTheSdkAndResolvesToAVerifiedRecord() {
        start(ApprovalPolicy.AUTO);
        AgentIdentity identity = AgentIdentity.generate(NAME).save(identityDir);

        Registration registration = register(client, identity);

        assertThat(registration).isInstanceOfSatisfying(Registration.Registered.class,
                r -> assertThat(r.agent().name()).isEqualTo(NAME));
        assertThat(identity.isCertified()).isTrue();
        assertThat(identity.caChain()).hasSize(2);
        AgentIdentity reloaded = AgentIdentity.load(identityDir);
        assertThat(reloaded.certificate()).isEqualTo(identity.certificate());
        assertThat(client.resolve(NAME)).hasValueSatisfying(record -> {
            assertThat(record.certificate()).contains(pemBody(identity));
            assertThat(record.endpoints()).isEqualTo(SampleAgents.record(NAME).endpoints());
        });
        assertThat(client.resolve(NAME.withoutVersion())).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo(NAME));
        assertThat(client.resolve(AgentName.parse("ans://v1.0.0.nobody.ops.example.net"))).isEmpty();
    }

    @Test
    void everyKeyTypeRegisters() {
        start(ApprovalPolicy.AUTO);
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            AgentIdentity identity = AgentIdentity.generate(
                    AgentName.parse("ans://v1.0.0." + algorithm.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".ops.example.net"),
                    algorithm);

            assertThat(register(client, identity)).as(algorithm.name()).isInstanceOf(Registration.Registered.class);
            assertThat(identity.certificate().getPublicKey()).isEqualTo(identity.publicKey());
        }
    }

    @Test
    void oneByteChangedInASignedAnswerMakesTheClientRefuseIt() throws Exception {
        start(ApprovalPolicy.AUTO);
        register(client, AgentIdentity.generate(NAME));
        try (TamperingProxy proxy = new TamperingProxy(ans.baseUri());
                AcfClient victim = AcfClient.builder().ans(proxy.uri()).build()) {
            assertThat(victim.resolve(NAME)).isPresent();
            victim.invalidate(NAME);

            proxy.armed = true;

            assertThatThrownBy(() -> victim.resolve(NAME)).isInstanceOf(TrustException.class)
                    .hasMessageContaining("does not verify")
                    .satisfies(e -> assertThat(((TrustException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
            assertThat(proxy.tampered).hasValue(1);
        }
    }

    @Test
    void pinnedJwksVerifiesWithoutTrustOnFirstUse() {
        start(ApprovalPolicy.AUTO);
        register(client, AgentIdentity.generate(NAME));

        try (AcfClient pinned = AcfClient.builder().ans(ans.baseUri()).pinnedJwks(ans.signer().jwksJson()).build()) {
            assertThat(pinned.resolve(NAME)).isPresent();
        }
    }

    @Test
    void wrongBootstrapTokenIsATypedRefusal() {
        start(ApprovalPolicy.AUTO);
        AgentIdentity identity = AgentIdentity.generate(NAME);
        AgentRecord sample = SampleAgents.record(NAME);

        assertThatThrownBy(() -> client.register(identity, sample.agentCard(), sample.endpoints(), "not-the-token-at-all"))
                .isInstanceOf(AuthenticationException.class);
        assertThat(identity.isCertified()).isFalse();
    }

    @Test
    void pendingRegistrationIsCertifiedOnceApproved() {
        start(ApprovalPolicy.APPROVAL);
        AgentIdentity identity = AgentIdentity.generate(NAME).save(identityDir);

        Registration registration = register(client, identity);

        assertThat(registration).isInstanceOf(Registration.Pending.class);
        assertThat(identity.isCertified()).isFalse();
        assertThat(client.awaitApproval(identity, Duration.ofMillis(100))).isEmpty();

        ans.service().approve(((Registration.Pending) registration).requestId(), ADMIN);

        assertThat(client.awaitApproval(identity, Duration.ofSeconds(5))).isPresent();
        assertThat(identity.certificate().getPublicKey()).isEqualTo(identity.publicKey());
        assertThat(AgentIdentity.load(identityDir).isCertified()).isTrue();
    }

    @Test
    void revocationEventEvictsTheCachedAnswerWithinOneSecond() {
        start(ApprovalPolicy.AUTO);
        register(client, AgentIdentity.generate(NAME));
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        AcfClient.Subscription watch = client.subscribe(events::add);
        try {
            assertThat(client.resolve(NAME)).isPresent();
            assertThat(client.resolve(NAME.withoutVersion())).isPresent();

            ans.service().revokeAsAdmin(NAME, RevocationReason.KEY_COMPROMISE, ADMIN);

            // the cache TTL is 10 minutes: only the pushed event can make these empty
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(client.resolve(NAME)).isEmpty();
                assertThat(client.resolve(NAME.withoutVersion())).isEmpty();
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(AgentEvent.Type.WITHDRAWN);
                assertThat(e.agent().name()).isEqualTo(NAME);
            });
        } finally {
            watch.close();
        }
    }

    static String pemBody(AgentIdentity identity) {
        try {
            return java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(identity.certificate().getEncoded()).lines()
                    .findFirst().orElseThrow();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
