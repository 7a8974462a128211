package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.hierarchy.Hierarchy;
import dev.acf.gateway.hierarchy.HopFilter;
import dev.acf.gateway.hierarchy.NextHop;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
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
 * Two gateway levels over real mutual TLS with ANS certificates (GW-SCALE-2): caller -> edge
 * ({@code home.ops.example.net}) -> regional ({@code ops.example.net}) -> agent, each hop
 * authenticated by certificate; the regional gateway believes the caller the edge vouches for,
 * and nobody else's claim.
 */
class HierarchicalGatewaysTlsTest {
    static final AgentName EDGE = AgentName.parse("ans://v1.0.0.gateway.home.ops.example.net");
    static final AgentName REGIONAL = AnsFixture.GATEWAY;
    static final AgentName RCA = AgentName.parse("ans://v1.0.0.rca.ops.example.net");
    static final AgentName NOC = AgentName.parse("ans://v1.0.0.noc.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
            + "\"messageId\":\"m-1\",\"parts\":[{\"text\":\"why is the link down?\"}]}}}";

    @TempDir
    static Path ansData;

    static AnsFixture ans;
    static AgentIdentity regionalIdentity;
    static AgentIdentity caller;
    static MockWebServer agent;
    static GatewayServer regional;
    static GatewayServer edge;
    static final BlockingQueue<RecordedRequest> seenByAgent = new LinkedBlockingQueue<>();
    static final List<AuditEvent> regionalAudit = new CopyOnWriteArrayList<>();
    static final List<AuditEvent> edgeAudit = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        ans = AnsFixture.start(ansData);
        regionalIdentity = ans.certify(REGIONAL);
        AgentIdentity edgeIdentity = ans.certify(EDGE);
        caller = ans.certify(NOC);
        int agentPort = freePort();
        AgentIdentity agentIdentity = ans.register(RCA, "https://127.0.0.1:" + agentPort + "/a2a");
        agent = new MockWebServer();
        agent.useHttps(agentIdentity.sslContext().getSocketFactory());
        agent.requireClientAuth();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                seenByAgent.add(request);
                return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .body(MutualTlsGatewayTest.RESULT).build();
            }
        });
        agent.start(agentPort);
        int regionalPort = freePort();
        int edgePort = freePort();
        regional = GatewayServer.builder().lookup(ans.client()).identity(regionalIdentity).tlsPort(regionalPort)
                .auditSink(regionalAudit::add)
                .hierarchy(Hierarchy.builder("ops.example.net")
                        .child("home.ops.example.net", new NextHop(URI.create("https://127.0.0.1:" + edgePort), EDGE)).build())
                .build().start();
        edge = GatewayServer.builder().lookup(ans.client()).identity(edgeIdentity).tlsPort(edgePort)
                .auditSink(edgeAudit::add)
                .hierarchy(Hierarchy.builder("home.ops.example.net")
                        .parent(new NextHop(URI.create("https://127.0.0.1:" + regionalPort), REGIONAL.withoutVersion())).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {edge, regional, agent, ans}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    @BeforeEach
    void forget() {
        seenByAgent.clear();
        regionalAudit.clear();
        edgeAudit.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static RawHttp.Response post(GatewayServer gateway, AgentName target, String... headers) throws IOException {
        InetSocketAddress address = gateway.tlsAddress().orElseThrow();
        SSLSocket socket = (SSLSocket) caller.sslContext().getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        try (RawHttp client = new RawHttp(socket)) {
            StringBuilder request = new StringBuilder("POST " + AgentPath.of(target) + " HTTP/1.1\r\nHost: gateway.example.net\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + CALL.getBytes(StandardCharsets.UTF_8).length + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            return client.send(request.append("\r\n").append(CALL).toString()).read();
        }
    }

    private static RecordedRequest seenByAgent() throws InterruptedException {
        RecordedRequest r = seenByAgent.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the agent").isNotNull();
        return r;
    }

    @Test
    void originalCallerTravelsOverMutualTlsHopsAndBothGatewaysAuditIt() throws Exception {
        RawHttp.Response response = post(edge, RCA.withoutVersion());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        RecordedRequest upstream = seenByAgent();
        // The last hop is the regional gateway's mTLS; the agent still learns who called.
        assertThat(upstream.getHandshake().peerCertificates().get(0)).isEqualTo(regionalIdentity.certificate());
        assertThat(upstream.getHeaders().get("acf-caller")).isEqualTo(NOC.toString());
        assertThat(upstream.getHeaders().get(HopFilter.FORWARDED_CALLER)).isNull();
        assertThat(upstream.getHeaders().get(HopFilter.VIA)).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !regionalAudit.isEmpty() && !edgeAudit.isEmpty());
        AuditEvent atRegional = regionalAudit.get(0);
        assertThat(atRegional.source()).isEqualTo(NOC.toString());
        assertThat(atRegional.attributes()).containsEntry("forwardedBy", EDGE.toString()).containsEntry("via", "home.ops.example.net");
        assertThat(edgeAudit.get(0).source()).isEqualTo(NOC.toString());
        assertThat(edgeAudit.get(0).attributes()).doesNotContainKeys("forwardedBy", "via");
    }

    @Test
    void certifiedCallerThatIsNoGatewayCannotClaimToBeSomeoneElse() throws Exception {
        RawHttp.Response response = post(regional, RCA.withoutVersion(), HopFilter.FORWARDED_CALLER,
                "subject=ans%3A%2F%2Fv1.0.0.root.ops.example.net;agent=ans%3A%2F%2Fv1.0.0.root.ops.example.net;clearance=SECRET");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        RecordedRequest upstream = seenByAgent();
        assertThat(upstream.getHeaders().get("acf-caller")).isEqualTo(NOC.toString());
        assertThat(upstream.getHeaders().get(HopFilter.FORWARDED_CALLER)).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> !regionalAudit.isEmpty());
        assertThat(regionalAudit.get(0).source()).isEqualTo(NOC.toString());
        assertThat(regionalAudit.get(0).attributes()).doesNotContainKey("forwardedBy");
    }
}
