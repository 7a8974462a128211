package dev.acf.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.AnsFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Revocations made at a real ANS reach the guard by push within a second, and by CRL when events are down. */
class RevocationGuardTest {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationGuardTest.class);

    @TempDir
    static Path ansData;
    @TempDir
    static Path otherAnsData;

    static AnsFixture ans;
    static AgentIdentity gateway;

    @BeforeAll
    static void start() {
        ans = AnsFixture.start(ansData);
        gateway = ans.certify(AnsFixture.GATEWAY);
    }

    @AfterAll
    static void stop() {
        ans.close();
    }

    /** A lookup whose event stream is down: every subscription fails. */
    static AnsLookup withoutEvents(AnsLookup lookup) {
        return new AnsLookup() {
            @Override
            public Optional<AgentRecord> lookup(AgentName name) {
                return lookup.lookup(name);
            }

            @Override
            public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
                throw new UnavailableException("the ANS event stream is down");
            }
        };
    }

    @Test
    void selfRevocationThroughTheSdkIsPushedToARemoteGuardWithinOneSecond() {
        AgentIdentity agent = ans.certify(AgentName.parse("ans://v1.0.0.self.ops.example.net"));
        // A CRL interval far beyond the test: only the pushed event can make it revoked.
        try (RevocationGuard guard = RevocationGuard.builder(ans.client()).crl(ans.client().ans(), gateway.caChain())
                .crlInterval(Duration.ofMinutes(10)).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> guard.lastCrlUpdate().isPresent());
            assertThat(guard.isFollowingEvents()).isTrue();
            assertThat(guard.isRevoked(agent.certificate())).isFalse();

            ans.client().revoke(agent, RevocationReason.KEY_COMPROMISE);
            long revokedAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> guard.isRevoked(agent.certificate()));
            LOG.info("revocation seen by the remote guard after {} ms", (System.nanoTime() - revokedAt) / 1_000_000);
            assertThat(guard.isRevoked(gateway.certificate())).isFalse();
        }
    }

    @Test
    void adminRevocationIsPushedToAnInProcessGuardWithinOneSecond() {
        AgentIdentity agent = ans.certify(AgentName.parse("ans://v1.0.0.admin-revoked.ops.example.net"));
        try (RevocationGuard guard = RevocationGuard.builder(ans.ans().lookup()).start()) {
            assertThat(guard.isFollowingEvents()).isTrue();

            ans.ans().service().revokeAsAdmin(agent.name(), RevocationReason.KEY_COMPROMISE, AnsFixture.ADMIN);
            long revokedAt = System.nanoTime();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> guard.isRevoked(agent.certificate()));
            LOG.info("revocation seen by the in-process guard after {} ms", (System.nanoTime() - revokedAt) / 1_000_000);
            assertThat(guard.revokedSerials()).contains(agent.certificate().getSerialNumber());
        }
    }

    @Test
    void crlFallbackRefusesRevokedCertificatesWhileEventsAreDown() {
        AgentIdentity agent = ans.certify(AgentName.parse("ans://v1.0.0.crl-revoked.ops.example.net"));
        try (RevocationGuard guard = RevocationGuard.builder(withoutEvents(ans.ans().lookup()))
                .crl(ans.ans().baseUri(), gateway.caChain()).crlInterval(Duration.ofMillis(200)).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> guard.lastCrlUpdate().isPresent());
            assertThat(guard.isFollowingEvents()).isFalse();
            assertThat(guard.isRevoked(agent.certificate())).isFalse();

            ans.ans().service().revokeAsAdmin(agent.name(), RevocationReason.KEY_COMPROMISE, AnsFixture.ADMIN);

            await().atMost(Duration.ofSeconds(1)).until(() -> guard.isRevoked(agent.certificate()));
        }
    }

    @Test
    void revocationsMadeBeforeTheGuardStartedComeWithTheFirstCrl() {
        AgentIdentity agent = ans.certify(AgentName.parse("ans://v1.0.0.early.ops.example.net"));
        ans.ans().service().revokeAsAdmin(agent.name(), RevocationReason.SUPERSEDED, AnsFixture.ADMIN);

        try (RevocationGuard guard = RevocationGuard.builder(ans.ans().lookup()).crl(ans.ans().baseUri(), gateway.caChain()).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> guard.isRevoked(agent.certificate()));
        }
    }

    @Test
    void crlSignedByAnotherCaIsIgnored() {
        try (AnsFixture other = AnsFixture.start(otherAnsData)) {
            AgentIdentity foreign = other.certify(AnsFixture.ALPHA);
            other.ans().service().revokeAsAdmin(foreign.name(), RevocationReason.KEY_COMPROMISE, AnsFixture.ADMIN);
            // The other ANS serves a CRL, but the guard trusts only our CA to sign one.
            try (RevocationGuard guard = RevocationGuard.builder(withoutEvents(ans.ans().lookup()))
                    .crl(other.ans().baseUri(), gateway.caChain()).crlInterval(Duration.ofMinutes(10)).start()) {
                assertThat(guard.refreshCrl()).isFalse();
                assertThat(guard.lastCrlUpdate()).isEmpty();
                assertThat(guard.isRevoked(foreign.certificate())).isFalse();
            }
            try (RevocationGuard trusting = RevocationGuard.builder(withoutEvents(other.ans().lookup()))
                    .crl(other.ans().baseUri(), foreign.caChain()).crlInterval(Duration.ofMinutes(10)).start()) {
                assertThat(trusting.refreshCrl()).isTrue();
                assertThat(trusting.isRevoked(foreign.certificate())).isTrue();
            }
        }
    }
}
