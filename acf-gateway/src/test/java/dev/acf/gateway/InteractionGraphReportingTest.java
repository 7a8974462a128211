package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.AccessDecision;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interaction graph end to end (ANS-MON-1, ANS-MON-2): a gateway with its ANS identity
 * pushes its audit events to a real ANS over HTTP (signed batches); the graph the ANS serves
 * must count what the gateway's audit file says, per caller and callee, errors included, and
 * show the call no grant allows with its anomaly.
 */
class InteractionGraphReportingTest {
    static final String ADMIN = "graph-gateway-admin-token-0123456789";
    static final String TOKEN = "graph-gateway-bootstrap-0001";
    static final AgentName TARGET = AgentName.parse("ans://v1.0.0.rca.ops.example.net");
    static final AgentName VAULT = AgentName.parse("ans://v1.0.0.vault.ops.example.net");
    static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"task\",\"id\":\"task-9\",\"contextId\":\"ctx-9\","
            + "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}";

    @TempDir
    static Path ansData;
    @TempDir
    static Path auditDir;

    static AnsServer ans;
    static AcfClient client;
    static MockWebServer agent;
    static GatewayServer gateway;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        // Default deny at ANS: an edge is granted only by the grants below.
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(ansData).adminToken(ADMIN)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).semanticResolution(false)
                .defaultPermission(GrantPolicy.Decision.DENY).build().start();
        client = AcfClient.builder().ans(ans.baseUri()).connectTimeout(Duration.ofSeconds(5)).cacheTtl(Duration.ofMillis(1)).build();
        AgentIdentity gatewayIdentity = certify(AnsFixture.GATEWAY);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        AgentIdentity agentIdentity = register(TARGET, "https://127.0.0.1:" + port + "/a2a");
        register(VAULT, "https://127.0.0.1:" + port + "/a2a");
        agent = new MockWebServer();
        agent.useHttps(agentIdentity.sslContext().getSocketFactory());
        agent.requireClientAuth();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                boolean fail = request.getBody() != null && request.getBody().utf8().contains("fail");
                return new MockResponse.Builder().code(fail ? 500 : 200).addHeader("Content-Type", "application/json")
                        .body(fail ? "{\"error\":\"broken\"}" : RESULT).build();
            }
        });
        agent.start(port);
        gateway = GatewayServer.builder()
                .lookup(client)
                .identity(gatewayIdentity)
                .auditDirectory(auditDir)
                .reportInteractions(true)
                .permissionPolicy((caller, target, action) -> target.withoutVersion().equals(VAULT.withoutVersion())
                        ? AccessDecision.deny("vault-closed", "nobody calls the vault") : AccessDecision.allow("open"))
                .build()
                .start();
    }

    private static AgentIdentity certify(AgentName name) {
        AgentIdentity identity = AgentIdentity.generate(name);
        var sample = SampleAgents.record(name);
        client.register(identity, sample.agentCard(), sample.endpoints(), TOKEN);
        return identity;
    }

    private static AgentIdentity register(AgentName name, String endpoint) {
        AgentIdentity identity = AgentIdentity.generate(name);
        client.register(identity, AnsFixture.card(name, endpoint), List.of(dev.acf.api.agent.Endpoint.of(endpoint,
                dev.acf.api.agent.Endpoint.JSONRPC)), TOKEN);
        return identity;
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        client.close();
        ans.close();
    }

    private static RawHttp connect(AgentIdentity caller) throws Exception {
        InetSocketAddress address = gateway.tlsAddress().orElseThrow();
        SSLSocket socket = (SSLSocket) caller.sslContext().getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        return new RawHttp(socket);
    }

    private static int call(RawHttp client, AgentName target, String text) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + "\"messageId\":\"m-1\",\"parts\":[{\"text\":\"" + text + "\"}]}}}";
        return client.send("POST " + AgentPath.of(target) + " HTTP/1.1\r\nHost: gateway.example.net\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).read().status();
    }

    /** Calls and errors per "caller -> callee", as the gateway's audit file says. */
    private static Map<String, long[]> auditFile() throws IOException {
        Map<String, long[]> out = new HashMap<>();
        Path file = auditDir.resolve("audit.jsonl");
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode e = AcfJson.readTree(line.getBytes(StandardCharsets.UTF_8));
            if (e.path("type").asText().equals("a2a.call") && e.hasNonNull("source") && e.hasNonNull("destination")) {
                long[] counts = out.computeIfAbsent(e.path("source").asText() + " -> " + e.path("destination").asText(), k -> new long[2]);
                counts[0]++;
                if (!e.path("outcome").asText().equals("ok")) {
                    counts[1]++;
                }
            }
        }
        return out;
    }

    private static JsonNode graph() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ans.baseUri() + "/v1/graph?window=1h"))
                .header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return AcfJson.readTree(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, long[]> graphCounts(JsonNode graph) {
        Map<String, long[]> out = new HashMap<>();
        graph.path("edges").forEach(e -> out.put(e.path("caller").asText() + " -> " + e.path("callee").asText(),
                new long[] {e.path("calls").asLong(), e.path("errors").asLong()}));
        return out;
    }

    @Test
    void theGraphCountsWhatTheGatewaysAuditFileSaysAndShowsTheUngrantedEdgeWithItsAnomaly() throws Exception {
        AgentIdentity alpha = certify(AgentName.parse("ans://v1.0.0.alpha.ops.example.net"));
        AgentIdentity beta = certify(AgentName.parse("ans://v1.0.0.beta.ops.example.net"));
        ans.service().createPermission(GrantRequest.of(alpha.name().withoutVersion().toString(), "ans://rca.ops.example.net", List.of()), ADMIN);
        ans.service().createPermission(GrantRequest.of(beta.name().withoutVersion().toString(), "ans://rca.ops.example.net", List.of()), ADMIN);
        try (RawHttp a = connect(alpha); RawHttp b = connect(beta)) {
            for (int i = 0; i < 5; i++) {
                assertThat(call(a, TARGET, "status?")).isEqualTo(200);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(call(a, TARGET, "fail now")).isGreaterThanOrEqualTo(500);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(call(b, TARGET.withoutVersion(), "status?")).isEqualTo(200);
            }
            assertThat(call(a, VAULT, "open up")).isEqualTo(403);
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Map<String, long[]> file = auditFile();
            assertThat(file.values().stream().mapToLong(c -> c[0]).sum()).isEqualTo(11);
            Map<String, long[]> graph = graphCounts(graph());
            assertThat(graph.keySet()).containsExactlyInAnyOrderElementsOf(file.keySet());
            file.forEach((edge, counts) -> assertThat(graph.get(edge)).as(edge).containsExactly(counts));
        });
        String alphaName = alpha.name().toString();
        assertThat(graphCounts(graph()).get(alphaName + " -> " + TARGET)).containsExactly(7, 2);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode vault = null;
            JsonNode rca = null;
            for (JsonNode e : graph().path("edges")) {
                if (e.path("caller").asText().equals(alphaName) && e.path("callee").asText().equals(VAULT.toString())) {
                    vault = e;
                }
                if (e.path("caller").asText().equals(alphaName) && e.path("callee").asText().equals(TARGET.toString())) {
                    rca = e;
                }
            }
            assertThat(vault).isNotNull();
            assertThat(vault.path("granted").asBoolean()).isFalse();
            assertThat(vault.path("anomalies")).isNotEmpty();
            assertThat(vault.path("anomalies").get(0).path("kind").asText()).isEqualTo("edge-not-granted");
            assertThat(rca.path("granted").asBoolean()).isTrue();
        });
    }
}
