package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway with its ANS identity, end to end: a real ANS (reached over HTTP, as a remote
 * gateway does), callers and agents over real mutual TLS with ANS certificates, revocation
 * through the ANS, the JSON-lines audit file, trace propagation.
 */
class MutualTlsGatewayTest {
    private static final Logger LOG = LoggerFactory.getLogger(MutualTlsGatewayTest.class);
    static final AgentName TARGET = AgentName.parse("ans://v1.0.0.rca.ops.example.net");
    static final AgentName IMPOSTOR = AgentName.parse("ans://v1.0.0.impostor.ops.example.net");
    static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"task\",\"id\":\"task-9\",\"contextId\":\"ctx-9\","
            + "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}";

    @TempDir
    static Path ansData;
    @TempDir
    static Path otherAnsData;
    @TempDir
    static Path auditDir;

    static AnsFixture ans;
    static AnsFixture otherAns;
    static AgentIdentity gatewayIdentity;
    static MockWebServer agent;
    static MockWebServer impostor;
    static GatewayServer gateway;
    static final BlockingQueue<RecordedRequest> seenByAgent = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        ans = AnsFixture.start(ansData);
        otherAns = AnsFixture.start(otherAnsData);
        gatewayIdentity = ans.certify(AnsFixture.GATEWAY);
        int agentPort = freePort();
        AgentIdentity agentIdentity = ans.register(TARGET, "https://127.0.0.1:" + agentPort + "/a2a");
        agent = agentServer(agentIdentity, agentPort);
        // Registered as "impostor" at an address where the rca agent's certificate answers.
        int impostorPort = freePort();
        ans.register(IMPOSTOR, "https://127.0.0.1:" + impostorPort + "/a2a");
        impostor = agentServer(agentIdentity, impostorPort);
        gateway = GatewayServer.builder()
                .lookup(ans.client())
                .identity(gatewayIdentity)
                .auditDirectory(auditDir)
                .expose(TARGET.withoutVersion(), IMPOSTOR.withoutVersion())
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        impostor.close();
        otherAns.close();
        ans.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static MockWebServer agentServer(AgentIdentity identity, int port) throws IOException {
        MockWebServer server = new MockWebServer();
        server.useHttps(identity.sslContext().getSocketFactory());
        server.requireClientAuth();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                seenByAgent.add(request);
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("Server", "agent/1.0")
                        .body(RESULT).build();
            }
        });
        server.start(port);
        return server;
    }

    /** A TLS connection to the gateway (handshake done) with this context. */
    private static RawHttp connect(SSLContext context) throws IOException {
        InetSocketAddress address = gateway.tlsAddress().orElseThrow();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        return new RawHttp(socket);
    }

    /** Presents this identity's certificate, trusting the gateway's CA (so only the gateway can refuse). */
    private static SSLContext presenting(AgentIdentity identity) throws Exception {
        char[] password = "test".toCharArray();
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(identity.keyStore(password), password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), gatewayIdentity.trustManagers(), null);
        return context;
    }

    private static SSLContext withoutCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, gatewayIdentity.trustManagers(), null);
        return context;
    }

    private static String call(String method) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + "\"messageId\":\"m-1\",\"contextId\":\"ctx-9\",\"parts\":[{\"text\":\"why is the link down?\"}]}}}";
    }

    private static RawHttp.Response post(RawHttp client, AgentName target, String body, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("POST " + AgentPath.of(target) + " HTTP/1.1\r\nHost: gateway.example.net\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return client.send(request.append("\r\n").append(body).toString()).read();
    }

    private static RecordedRequest seenByAgent(String requestId) throws InterruptedException {
        for (RecordedRequest r = seenByAgent.poll(5, TimeUnit.SECONDS); r != null; r = seenByAgent.poll(5, TimeUnit.SECONDS)) {
            if (requestId.equals(r.getHeaders().get("acf-request-id"))) {
                return r;
            }
        }
        throw new AssertionError("the agent never saw request " + requestId);
    }

    private static Optional<JsonNode> auditEvent(String requestId) throws IOException {
        Path file = auditDir.resolve("audit.jsonl");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<JsonNode> matching = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode event = AcfJson.readTree(line.getBytes(StandardCharsets.UTF_8));
            if (requestId.equals(event.path("requestId").asText())) {
                matching.add(event);
            }
        }
        assertThat(matching).as("audit events of request %s", requestId).hasSizeLessThanOrEqualTo(1);
        return matching.stream().findFirst();
    }

    @Test
    void certifiedCallerReachesTheAgentByNameOverMutualTlsBothWays() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.noc.ops.example.net"));
        try (RawHttp client = connect(caller.sslContext())) {
            assertThat(((SSLSocket) client.socket).getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(((SSLSocket) client.socket).getSession().getPeerCertificates()[0]).isEqualTo(gatewayIdentity.certificate());

            RawHttp.Response response = post(client, TARGET.withoutVersion(), call("SendMessage"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(RESULT);
            assertThat(response.header("server")).isNull();
            RecordedRequest upstream = seenByAgent(response.header("acf-request-id"));
            assertThat(upstream.getHandshake()).isNotNull();
            assertThat(upstream.getHandshake().peerCertificates().get(0)).isEqualTo(gatewayIdentity.certificate());
            assertThat(upstream.getHeaders().get("acf-caller")).isEqualTo(caller.name().toString());
        }
    }

    @Test
    void upstreamWhoseCertificateNamesAnotherAgentIsNeverSentTheRequest() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.probe.ops.example.net"));
        try (RawHttp client = connect(caller.sslContext())) {
            RawHttp.Response response = post(client, IMPOSTOR, call("SendMessage"));

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.body()).contains("upstream_failed").doesNotContain("127.0.0.1");
        }
        assertThat(impostor.getRequestCount()).isZero();
    }

    @Test
    void callerWithoutCertificateMayReadTheCatalogueButNotCallAnAgent() throws Exception {
        try (RawHttp client = connect(withoutCertificate())) {
            RawHttp.Response refused = post(client, TARGET, call("SendMessage"));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":\"unauthenticated\"");
            RawHttp.Response catalogue = client.send("GET /v1/catalog HTTP/1.1\r\nHost: gateway.example.net\r\n\r\n").read();
            assertThat(catalogue.status()).isEqualTo(200);
            assertThat(catalogue.body()).contains("rca.ops.example.net");
        }
    }

    @Test
    void callerCertifiedByAnotherCaIsRefusedInTheHandshake() throws Exception {
        // Same name as a real caller of ours, but certified by another ANS: only the CA tells them apart.
        AgentIdentity foreign = otherAns.certify(AgentName.parse("ans://v1.0.0.noc.ops.example.net"));
        SSLContext context = presenting(foreign);

        assertThatThrownBy(() -> {
            try (RawHttp client = connect(context)) {
                post(client, TARGET, call("SendMessage"));
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void revocationThroughTheAnsRefusesTheNextRequestWithinOneSecondOnAnOpenConnection() throws Exception {
        AgentIdentity doomed = ans.certify(AgentName.parse("ans://v1.0.0.doomed.ops.example.net"));
        try (RawHttp open = connect(doomed.sslContext())) {
            assertThat(post(open, TARGET, call("GetTask")).status()).isEqualTo(200);

            long sent = System.nanoTime();
            ans.client().revoke(doomed, RevocationReason.KEY_COMPROMISE);
            long revoked = System.nanoTime();
            RawHttp.Response[] last = new RawHttp.Response[1];
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).pollInSameThread()
                    .until(() -> (last[0] = post(open, TARGET, call("GetTask"))).status() == 403);
            long refused = System.nanoTime();

            LOG.info("revoked certificate refused on an open connection {} ms after the revocation returned ({} ms after it was sent)",
                    (refused - revoked) / 1_000_000, (refused - sent) / 1_000_000);
            assertThat(last[0].body()).contains("\"code\":\"certificate_revoked\"");
        }
        long handshake = System.nanoTime();
        assertThatThrownBy(() -> {
            try (RawHttp fresh = connect(doomed.sslContext())) {
                post(fresh, TARGET, call("GetTask"));
            }
        }).isInstanceOf(IOException.class);
        LOG.info("new connection with the revoked certificate refused in {} ms", (System.nanoTime() - handshake) / 1_000_000);
    }

    @Test
    void everyCallRefusedOrNotLeavesOneWellFormedAuditEventAndItsMetrics() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.auditor.ops.example.net"));
        String body = call("SendMessage");
        String answered;
        try (RawHttp client = connect(caller.sslContext())) {
            answered = post(client, TARGET.withoutVersion(), body).header("acf-request-id");
        }
        String refused;
        try (RawHttp anonymous = connect(withoutCertificate())) {
            refused = post(anonymous, TARGET, body).header("acf-request-id");
        }

        JsonNode ok = await().atMost(Duration.ofSeconds(5)).until(() -> auditEvent(answered), Optional::isPresent).orElseThrow();
        assertThat(ok.path("type").asText()).isEqualTo("a2a.call");
        assertThat(ok.path("source").asText()).isEqualTo(caller.name().toString());
        assertThat(ok.path("destination").asText()).as("the resolved, versioned name").isEqualTo(TARGET.toString());
        assertThat(ok.path("method").asText()).isEqualTo("SendMessage");
        assertThat(ok.path("contextId").asText()).isEqualTo("ctx-9");
        assertThat(ok.path("taskId").asText()).isEqualTo("task-9");
        assertThat(ok.path("status").asInt()).isEqualTo(200);
        assertThat(ok.path("outcome").asText()).isEqualTo("ok");
        assertThat(ok.path("latencyMicros").asLong()).isPositive();
        assertThat(ok.path("bytesIn").asLong()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
        assertThat(ok.path("bytesOut").asLong()).isEqualTo(RESULT.length());
        assertThat(ok.path("attributes").path("traceId").asText()).hasSize(32);

        JsonNode no = await().atMost(Duration.ofSeconds(5)).until(() -> auditEvent(refused), Optional::isPresent).orElseThrow();
        assertThat(no.path("source").asText()).isEqualTo("anonymous");
        assertThat(no.path("destination").asText()).isEqualTo(TARGET.toString());
        assertThat(no.path("method").asText()).isEqualTo("SendMessage");
        assertThat(no.path("status").asInt()).isEqualTo(401);
        assertThat(no.path("outcome").asText()).isEqualTo("unauthenticated");

        assertThat(gateway.metrics().registry().find(GatewayMetrics.REQUESTS).tag("status", "401").counters()).isNotEmpty();
    }

    @Test
    void traceparentIsContinuedToTheAgentAndReturned() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.tracer.ops.example.net"));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (RawHttp client = connect(caller.sslContext())) {
            RawHttp.Response response = post(client, TARGET, call("SendMessage"), "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

            assertThat(response.status()).isEqualTo(200);
            String atAgent = seenByAgent(response.header("acf-request-id")).getHeaders().get("traceparent");
            assertThat(atAgent).startsWith("00-" + traceId + "-").endsWith("-01").doesNotContain("00f067aa0ba902b7");
            assertThat(response.header("traceparent")).isEqualTo(atAgent);
        }
    }
}
