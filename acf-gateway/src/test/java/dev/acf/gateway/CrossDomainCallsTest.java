package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.sync.PeerGateway;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.Registration;
import dev.acf.client.RemoteGrantPolicy;
import dev.acf.gateway.hierarchy.Hierarchy;
import dev.acf.gateway.hierarchy.HopFilter;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls between two federated domains over real sockets and mutual TLS (ANS-SYNC-3): a caller of
 * {@code b.example.net} calls an agent of {@code a.example.net} through B's gateway and A's
 * gateway. Each domain has its own ANS, CA and grants (default deny); each gateway trusts the
 * other domain's CA for that domain's names only.
 */
class CrossDomainCallsTest {
    static final Domain A = Domain.of("a.example.net");
    static final Domain B = Domain.of("b.example.net");
    static final AgentName GATEWAY_A = AgentName.parse("ans://v1.0.0.gateway.a.example.net");
    static final AgentName GATEWAY_B = AgentName.parse("ans://v1.0.0.gateway.b.example.net");
    static final AgentName RCA = AgentName.parse("ans://v1.0.0.rca.a.example.net");
    static final AgentName SPARE = AgentName.parse("ans://v1.0.0.spare.a.example.net");
    static final AgentName NOC = AgentName.parse("ans://v1.0.0.noc.b.example.net");
    static final String TOKEN = "cross-domain-bootstrap-0001";
    static final String ADMIN = "cross-domain-admin-token-0123456789";

    @TempDir
    static Path data;

    static final List<AutoCloseable> opened = new ArrayList<>();
    static AcfClient ansA;
    static AgentIdentity gatewayBIdentity;
    static AgentIdentity caller;
    static AgentIdentity spare;
    static GatewayServer gatewayA;
    static GatewayServer gatewayB;
    static final List<AuditEvent> auditA = new CopyOnWriteArrayList<>();
    static final List<AuditEvent> auditB = new CopyOnWriteArrayList<>();
    static final List<RecordedRequest> seenByAgents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        ansA = ans(A);
        AcfClient ansB = ans(B);
        AgentIdentity gatewayAIdentity = certify(ansA, GATEWAY_A, "https://127.0.0.1:1/a2a");
        gatewayBIdentity = certify(ansB, GATEWAY_B, "https://127.0.0.1:1/a2a");
        caller = certify(ansB, NOC, "https://127.0.0.1:1/a2a");
        agent(ansA, RCA);
        spare = agent(ansA, SPARE);
        // A's administrator opens A's agents to callers of B; nothing else is granted.
        ansA.permissions().create(new GrantRequest(null, new GrantRequest.CallerBody(null, B.name(), null), "ans://*." + A.name(),
                List.of(), null, null, null), ADMIN);
        RemoteGrantPolicy grantsA = RemoteGrantPolicy.start(ansA, ADMIN, GrantPolicy.builder().defaultDecision(A, GrantPolicy.Decision.DENY));
        opened.add(0, grantsA);
        int portA = freePort();
        int portB = freePort();
        gatewayA = GatewayServer.builder().lookup(ansA).identity(gatewayAIdentity).tlsPort(portA).auditSink(auditA::add)
                .permissionPolicy(grantsA)
                .hierarchy(Hierarchy.builder(A.name())
                        .peer(new PeerGateway(B, URI.create("https://127.0.0.1:" + portB), GATEWAY_B, ansB.caChain())).build())
                .build().start();
        opened.add(0, gatewayA);
        gatewayB = GatewayServer.builder().lookup(ansB).identity(gatewayBIdentity).tlsPort(portB).auditSink(auditB::add)
                .hierarchy(Hierarchy.builder(B.name())
                        .peer(new PeerGateway(A, URI.create("https://127.0.0.1:" + portA), GATEWAY_A.withoutVersion(), ansA.caChain())).build())
                .build().start();
        opened.add(0, gatewayB);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    @BeforeEach
    void forget() {
        auditA.clear();
        auditB.clear();
        seenByAgents.clear();
    }

    private static AcfClient ans(Domain domain) {
        AnsServer server = AnsServer.builder().domain(domain.name()).dataDirectory(data.resolve(domain.name()))
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).adminToken(ADMIN).build().start();
        opened.add(0, server);
        AcfClient client = AcfClient.builder().ans(server.baseUri()).connectTimeout(Duration.ofSeconds(5)).cacheTtl(Duration.ofMillis(1)).build();
        opened.add(0, client);
        return client;
    }

    private static AgentIdentity certify(AcfClient ans, AgentName name, String endpoint) {
        AgentIdentity identity = AgentIdentity.generate(name);
        Registration r = ans.register(identity, AnsFixture.card(name, endpoint), List.of(Endpoint.of(endpoint, Endpoint.JSONRPC)), TOKEN);
        assertThat(r).isInstanceOf(Registration.Registered.class);
        return identity;
    }

    private static AgentIdentity agent(AcfClient ans, AgentName name) throws IOException {
        int port = freePort();
        AgentIdentity identity = certify(ans, name, "https://127.0.0.1:" + port + "/a2a");
        MockWebServer server = new MockWebServer();
        server.useHttps(identity.sslContext().getSocketFactory());
        server.requireClientAuth();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                seenByAgents.add(request);
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(MutualTlsGatewayTest.RESULT).build();
            }
        });
        server.start(port);
        opened.add(0, server);
        return identity;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static RawHttp.Response post(AgentIdentity as, GatewayServer gateway, AgentName target, String... headers) throws IOException {
        InetSocketAddress address = gateway.tlsAddress().orElseThrow();
        SSLSocket socket = (SSLSocket) trustingBoth(as).getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        try (RawHttp client = new RawHttp(socket)) {
            String call = HierarchicalGatewaysTlsTest.CALL;
            StringBuilder request = new StringBuilder("POST " + AgentPath.of(target) + " HTTP/1.1\r\nHost: gateway\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + call.getBytes(StandardCharsets.UTF_8).length + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            return client.send(request.append("\r\n").append(call).toString()).read();
        }
    }

    /** The identity's key, trusting both domains' CAs: a client that may reach either gateway. */
    private static SSLContext trustingBoth(AgentIdentity as) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : ansA.caChain()) {
                store.setCertificateEntry("a-" + i++, ca);
            }
            for (X509Certificate ca : as.caChain()) {
                store.setCertificateEntry("own-" + i++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {as.keyManager()}, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void callerOfOneDomainCallsAnAgentOfThePeerThroughBothGatewaysAndBothAuditTheOriginalCaller() throws Exception {
        RawHttp.Response response = post(caller, gatewayB, RCA.withoutVersion());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("task-9");
        assertThat(seenByAgents).hasSize(1);
        assertThat(seenByAgents.get(0).getHeaders().get("acf-caller")).isEqualTo(NOC.toString());
        assertThat(seenByAgents.get(0).getHeaders().get(HopFilter.FORWARDED_CALLER)).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !auditA.isEmpty() && !auditB.isEmpty());
        AuditEvent atB = auditB.get(0);
        assertThat(atB.source()).isEqualTo(NOC.toString());
        assertThat(atB.attributes()).containsEntry("nextHop", GATEWAY_A.withoutVersion().toString());
        AuditEvent atA = auditA.get(0);
        assertThat(atA.source()).isEqualTo(NOC.toString());
        assertThat(atA.status()).isEqualTo(200);
        assertThat(atA.attributes()).containsEntry("forwardedBy", GATEWAY_B.toString()).containsEntry("via", B.name());
    }

    @Test
    void namesOfAPeerDomainGoToItsGatewayAndAPeerMayNotOverlapTheOwnedSpace() {
        PeerGateway a = new PeerGateway(A, URI.create("https://gw.a.example.net:8443"), GATEWAY_A, ansA.caChain());
        Hierarchy b = Hierarchy.builder(B.name()).peer(a).build();

        assertThat(b.place(RCA)).isEqualTo(Hierarchy.Placement.PEER);
        assertThat(b.nextHop(RCA)).hasValueSatisfying(hop -> {
            assertThat(hop.base()).isEqualTo(URI.create("https://gw.a.example.net:8443"));
            assertThat(hop.gateway()).isEqualTo(GATEWAY_A);
        });
        assertThat(b.place(AgentName.parse("ans://v1.0.0.x.c.example.net"))).isEqualTo(Hierarchy.Placement.NONE);
        assertThat(b.peerGateway(GATEWAY_A)).contains(a);
        assertThat(b.isTrustedGateway(GATEWAY_A)).as("a peer is no gateway of the hierarchy").isFalse();
        assertThatThrownBy(() -> Hierarchy.builder("example.net").peer(a).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> new PeerGateway(A, URI.create("https://gw:1"), GATEWAY_B, ansA.caChain()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("outside that domain");
    }

    @Test
    void peerGatewayCannotVouchForACallerOfAThirdDomain() throws Exception {
        String forged = "subject=ans%3A%2F%2Fv1.0.0.root.c.example.net;agent=ans%3A%2F%2Fv1.0.0.root.c.example.net;"
                + "domain=c.example.net;clearance=SECRET";

        RawHttp.Response response = post(gatewayBIdentity, gatewayA, RCA.withoutVersion(), HopFilter.FORWARDED_CALLER, forged,
                HopFilter.VIA, B.name());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("permission_denied")
                .contains("may forward callers of b.example.net only, not ans://v1.0.0.root.c.example.net");
        assertThat(seenByAgents).isEmpty();
    }

    @Test
    void peerGatewayCannotVouchForACallerOfTheCalledDomain() throws Exception {
        String forged = "subject=ans%3A%2F%2Fv1.0.0.admin.a.example.net;agent=ans%3A%2F%2Fv1.0.0.admin.a.example.net";

        RawHttp.Response response = post(gatewayBIdentity, gatewayA, RCA.withoutVersion(), HopFilter.FORWARDED_CALLER, forged);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("may forward callers of b.example.net only");
    }

    @Test
    void agentOfThePeerDomainMustComeThroughItsGateway() throws Exception {
        RawHttp.Response response = post(caller, gatewayA, RCA.withoutVersion());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("must call through its domain's gateway " + GATEWAY_B);
        assertThat(seenByAgents).isEmpty();
    }

    @Test
    void revokedAgentOfThePeerStopsBeingCallableWithinASecond() throws Exception {
        assertThat(post(caller, gatewayB, SPARE.withoutVersion()).status()).isEqualTo(200);

        ansA.revoke(spare, RevocationReason.KEY_COMPROMISE);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> post(caller, gatewayB, SPARE.withoutVersion()).status() != 200);
        assertThat(post(caller, gatewayB, SPARE.withoutVersion()).status()).isIn(403, 404);
    }
}
