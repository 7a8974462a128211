package dev.acf.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.ca.RevocationReason;
import dev.acf.api.name.AgentName;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.AnsFixture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes on loopback between Netty peers holding certificates from real ANS instances. */
class GatewayTlsTest {
    @TempDir
    static Path ansData;
    @TempDir
    static Path otherAnsData;

    static AnsFixture ans;
    static AnsFixture otherAns;
    static AgentIdentity gateway;
    static AgentIdentity alpha;
    static AgentIdentity beta;
    static AgentIdentity stranger;
    static EventLoopGroup group;

    @BeforeAll
    static void start() {
        ans = AnsFixture.start(ansData);
        otherAns = AnsFixture.start(otherAnsData);
        gateway = ans.certify(AnsFixture.GATEWAY);
        alpha = ans.certify(AnsFixture.ALPHA);
        beta = ans.certify(AnsFixture.BETA);
        // Same name, other CA: only the trust anchor tells them apart.
        stranger = otherAns.certify(AnsFixture.ALPHA);
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        otherAns.close();
        ans.close();
    }

    static SslContext agentClient(AgentIdentity identity, String... protocols) throws SSLException {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(identity.privateKey(), identity.chain())
                .trustManager(identity.caChain())
                .protocols(protocols.length == 0 ? new String[] {"TLSv1.3", "TLSv1.2"} : protocols)
                .endpointIdentificationAlgorithm(null)
                .build();
    }

    static SslContext anonymousClient() throws SSLException {
        return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(gateway.caChain())
                .protocols("TLSv1.3").endpointIdentificationAlgorithm(null).build();
    }

    static SslContext agentServer(AgentIdentity identity) throws SSLException {
        return SslContextBuilder.forServer(identity.privateKey(), identity.chain()).sslProvider(SslProvider.JDK)
                .trustManager(identity.caChain()).clientAuth(ClientAuth.REQUIRE).protocols("TLSv1.3").build();
    }

    @Test
    void certifiedClientIsAcceptedOverTls13AndNamedByItsSanUri() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).build();
        try (TlsEcho echo = new TlsEcho(group, ch -> tls.serverHandler(ch.alloc()))) {
            SslContext client = agentClient(alpha);

            TlsEcho.Outcome outcome = TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port()));

            assertThat(outcome.echoed()).as("echo, failure: %s", outcome.failure()).isTrue();
            assertThat(outcome.protocol()).isEqualTo("TLSv1.3");
            assertThat(outcome.serverChain()[0]).isEqualTo(gateway.certificate());
            TlsEcho.Handshake seen = echo.nextHandshake();
            assertThat(seen.success()).isTrue();
            assertThat(seen.protocol()).isEqualTo("TLSv1.3");
            var caller = CallerCertificates.forDomains(List.of(SampleAgents.DOMAIN)).identity(seen.peer());
            assertThat(caller.agent()).isEqualTo(AnsFixture.ALPHA);
            assertThat(caller.subject()).isEqualTo("ans://v1.0.0.alpha.ops.example.net");
            assertThat(caller.domain()).isEqualTo(SampleAgents.DOMAIN);
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedWhenRequired() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).clientAuth(GatewayTls.ClientAuth.REQUIRE).build();
        try (TlsEcho echo = new TlsEcho(group, ch -> tls.serverHandler(ch.alloc()))) {
            SslContext client = anonymousClient();

            TlsEcho.Outcome outcome = TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port()));

            assertThat(outcome.echoed()).isFalse();
            TlsEcho.Handshake seen = echo.nextHandshake();
            assertThat(seen.success()).isFalse();
            assertThat(seen.cause()).hasMessageContaining("certificate");
        }
    }

    @Test
    void clientWithoutCertificateIsAdmittedWhenOptional() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).clientAuth(GatewayTls.ClientAuth.OPTIONAL).build();
        try (TlsEcho echo = new TlsEcho(group, ch -> tls.serverHandler(ch.alloc()))) {
            SslContext client = anonymousClient();

            TlsEcho.Outcome outcome = TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port()));

            assertThat(outcome.echoed()).isTrue();
            TlsEcho.Handshake seen = echo.nextHandshake();
            assertThat(seen.success()).isTrue();
            assertThat(seen.peer()).isEmpty();
        }
    }

    @Test
    void clientCertifiedByAnotherAnsIsRefused() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).build();
        try (TlsEcho echo = new TlsEcho(group, ch -> tls.serverHandler(ch.alloc()))) {
            // The stranger trusts our CA, so only the gateway's check can refuse it.
            SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .keyManager(stranger.privateKey(), stranger.chain()).trustManager(gateway.caChain())
                    .protocols("TLSv1.3").endpointIdentificationAlgorithm(null).build();

            TlsEcho.Outcome outcome = TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port()));

            assertThat(outcome.echoed()).isFalse();
            TlsEcho.Handshake seen = echo.nextHandshake();
            assertThat(seen.success()).isFalse();
            assertThat(seen.cause()).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void tls12IsRefusedUnlessAllowed() throws Exception {
        SslContext legacy = agentClient(alpha, "TLSv1.2");
        GatewayTls strict = GatewayTls.builder(gateway).build();
        try (TlsEcho echo = new TlsEcho(group, ch -> strict.serverContext().newHandler(ch.alloc()))) {
            TlsEcho.Outcome outcome = TlsEcho.ping(group, echo.port(), ch -> legacy.newHandler(ch.alloc(), "127.0.0.1", echo.port()));

            assertThat(outcome.handshake()).isFalse();
            assertThat(echo.nextHandshake().success()).isFalse();
        }
        GatewayTls lenient = GatewayTls.builder(gateway).allowTls12(true).build();
        try (TlsEcho echo = new TlsEcho(group, ch -> lenient.serverContext().newHandler(ch.alloc()))) {
            TlsEcho.Outcome outcome = TlsEcho.ping(group, echo.port(), ch -> legacy.newHandler(ch.alloc(), "127.0.0.1", echo.port()));

            assertThat(outcome.echoed()).isTrue();
            assertThat(outcome.protocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void upstreamAcceptsTheAgentItCallsAndPresentsTheGatewayCertificate() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).build();
        SslContext agent = agentServer(alpha);
        try (TlsEcho upstream = new TlsEcho(group, ch -> agent.newHandler(ch.alloc()))) {
            TlsEcho.Outcome outcome = TlsEcho.ping(group, upstream.port(),
                    ch -> tls.upstreamHandler(ch.alloc(), AnsFixture.ALPHA, upstream.port()));

            assertThat(outcome.echoed()).as("failure: %s", outcome.failure()).isTrue();
            assertThat(outcome.protocol()).isEqualTo("TLSv1.3");
            TlsEcho.Handshake seen = upstream.nextHandshake();
            assertThat(CallerCertificates.agentName(seen.peer()[0])).contains(AnsFixture.GATEWAY);
        }
    }

    @Test
    void upstreamRefusesAnAgentWhoseSanUriDiffersFromTheCalledName() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).build();
        SslContext impostor = agentServer(beta);
        try (TlsEcho upstream = new TlsEcho(group, ch -> impostor.newHandler(ch.alloc()))) {
            TlsEcho.Outcome outcome = TlsEcho.ping(group, upstream.port(),
                    ch -> tls.upstreamHandler(ch.alloc(), AnsFixture.ALPHA, upstream.port()));

            assertThat(outcome.handshake()).isFalse();
            assertThat(outcome.failure()).hasStackTraceContaining("names ans://v1.0.0.beta.ops.example.net, not ans://v1.0.0.alpha.ops.example.net");
        }
    }

    @Test
    void upstreamRefusesAnAgentOfAnotherAnsEvenWithTheRightName() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).build();
        SslContext impostor = SslContextBuilder.forServer(stranger.privateKey(), stranger.chain()).sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3").build();
        try (TlsEcho upstream = new TlsEcho(group, ch -> impostor.newHandler(ch.alloc()))) {
            TlsEcho.Outcome outcome = TlsEcho.ping(group, upstream.port(),
                    ch -> tls.upstreamHandler(ch.alloc(), AnsFixture.ALPHA, upstream.port()));

            assertThat(outcome.handshake()).isFalse();
        }
    }

    @Test
    void upstreamAcceptsAnyVersionOfTheAgentForAVersionlessName() throws Exception {
        GatewayTls tls = GatewayTls.builder(gateway).build();
        SslContext agent = agentServer(alpha);
        try (TlsEcho upstream = new TlsEcho(group, ch -> agent.newHandler(ch.alloc()))) {
            TlsEcho.Outcome versionless = TlsEcho.ping(group, upstream.port(),
                    ch -> tls.upstreamHandler(ch.alloc(), AnsFixture.ALPHA.withoutVersion(), upstream.port()));
            TlsEcho.Outcome otherVersion = TlsEcho.ping(group, upstream.port(),
                    ch -> tls.upstreamHandler(ch.alloc(), AgentName.parse("ans://v2.0.0.alpha.ops.example.net"), upstream.port()));

            assertThat(versionless.echoed()).isTrue();
            assertThat(otherVersion.handshake()).isFalse();
        }
    }

    @Test
    void renewedGatewayCertificateIsPresentedWithoutRebuildingTheContext() throws Exception {
        AgentIdentity renewing = ans.certify(AgentName.parse("ans://v1.0.0.edge.ops.example.net"));
        GatewayTls tls = GatewayTls.builder(renewing).build();
        SslContext client = agentClient(alpha);
        try (TlsEcho echo = new TlsEcho(group, ch -> tls.serverHandler(ch.alloc()))) {
            X509Certificate before = TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port())).serverChain()[0];

            ans.client().renew(renewing);

            X509Certificate after = TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port())).serverChain()[0];
            assertThat(before.getSerialNumber()).isNotEqualTo(after.getSerialNumber());
            assertThat(after).isEqualTo(renewing.certificate());
        }
    }

    @Test
    void revokedClientIsRefusedInTheHandshake() throws Exception {
        AgentIdentity doomed = ans.certify(AgentName.parse("ans://v1.0.0.doomed.ops.example.net"));
        try (RevocationGuard guard = RevocationGuard.builder(ans.ans().lookup()).crl(ans.ans().baseUri(), gateway.caChain()).start()) {
            GatewayTls tls = GatewayTls.builder(gateway).revocationGuard(guard).build();
            SslContext client = agentClient(doomed);
            try (TlsEcho echo = new TlsEcho(group, ch -> tls.serverHandler(ch.alloc()))) {
                assertThat(TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port())).echoed()).isTrue();
                echo.nextHandshake();

                ans.ans().service().revokeAsAdmin(doomed.name(), RevocationReason.KEY_COMPROMISE, AnsFixture.ADMIN);
                await().atMost(Duration.ofSeconds(1)).until(() -> guard.isRevoked(doomed.certificate()));

                // The client may resume its earlier session, which skips certificate checks: refused either way.
                assertThat(TlsEcho.ping(group, echo.port(), ch -> client.newHandler(ch.alloc(), "127.0.0.1", echo.port())).echoed()).isFalse();
                SslContext fresh = agentClient(doomed);
                assertThat(TlsEcho.ping(group, echo.port(), ch -> fresh.newHandler(ch.alloc(), "127.0.0.1", echo.port())).echoed()).isFalse();
                echo.nextHandshake();
                TlsEcho.Handshake refused = echo.nextHandshake();
                assertThat(refused.success()).isFalse();
                assertThat(refused.cause()).hasStackTraceContaining("was revoked");
            }
        }
    }
}
