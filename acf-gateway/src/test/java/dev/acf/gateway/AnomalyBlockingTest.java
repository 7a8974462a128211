package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.AccessDecision;
import dev.acf.api.testkit.MutableClock;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.anomaly.AnomalyDetector;
import dev.acf.gateway.anomaly.AnomalyGuard;
import dev.acf.gateway.anomaly.AnomalySettings;
import dev.acf.gateway.anomaly.SuspensionPolicy;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Anomaly blocking end to end (GW-SEC-2, ANS-MON-2): a real ANS over HTTP, a gateway with its
 * ANS identity following it, callers over mutual TLS, the gateway's baselines timed by a clock
 * the test moves.
 */
class AnomalyBlockingTest {
    static final AgentName TARGET = AgentName.parse("ans://v1.0.0.rca.ops.example.net");
    static final AgentName VAULT = AgentName.parse("ans://v1.0.0.vault.ops.example.net");
    static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"task\",\"id\":\"task-9\",\"contextId\":\"ctx-9\","
            + "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}";

    @TempDir
    static Path ansData;
    @TempDir
    static Path auditDir;

    static AnsFixture ans;
    static AgentIdentity gatewayIdentity;
    static MockWebServer agent;
    static GatewayServer gateway;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        ans = AnsFixture.start(ansData);
        gatewayIdentity = ans.certify(AnsFixture.GATEWAY);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        AgentIdentity agentIdentity = ans.register(TARGET, "https://127.0.0.1:" + port + "/a2a");
        ans.register(VAULT, "https://127.0.0.1:" + port + "/a2a");
        agent = new MockWebServer();
        agent.useHttps(agentIdentity.sslContext().getSocketFactory());
        agent.requireClientAuth();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(RESULT).build();
            }
        });
        agent.start(port);
        gateway = GatewayServer.builder()
                .lookup(ans.client())
                .identity(gatewayIdentity)
                .auditDirectory(auditDir)
                .clock(clock)
                .anomalyDetection(new AnomalySettings(true, Duration.ofSeconds(10), 0.3, Duration.ofSeconds(30), 4, 0.5, 10_000, 64,
                        Duration.ofMinutes(1)))
                .suspensionPolicy(new SuspensionPolicy(10, 20, 0))
                // The vault is an edge never granted to anyone.
                .permissionPolicy((caller, target, action) -> target.withoutVersion().equals(VAULT.withoutVersion())
                        ? AccessDecision.deny("vault-closed", "nobody calls the vault") : AccessDecision.allow("open"))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        ans.close();
    }

    private static RawHttp connect(AgentIdentity caller) throws Exception {
        InetSocketAddress address = gateway.tlsAddress().orElseThrow();
        SSLContext context = caller.sslContext();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        return new RawHttp(socket);
    }

    private static RawHttp.Response call(RawHttp client, AgentName target) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + "\"messageId\":\"m-1\",\"parts\":[{\"text\":\"status?\"}]}}}";
        return client.send("POST " + AgentPath.of(target) + " HTTP/1.1\r\nHost: gateway.example.net\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).read();
    }

    private static JsonNode admin(String method, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ans.ans().baseUri() + path))
                .header("Authorization", "Bearer " + AnsFixture.ADMIN).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
        return AcfJson.readTree(response.body().getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> anomaliesAtAns(String caller) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        admin("GET", "/v1/anomalies?caller=" + URLEncoder.encode(caller, StandardCharsets.UTF_8)).path("anomalies").forEach(out::add);
        return out;
    }

    private static List<JsonNode> audit(String type) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path file = auditDir.resolve("audit.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode event = AcfJson.readTree(line.getBytes(StandardCharsets.UTF_8));
                if (type.equals(event.path("type").asText())) {
                    out.add(event);
                }
            }
        }
        return out;
    }

    @Test
    void anAnomalousBurstSuspendsTheCallerUntilAnAdministratorLiftsItAtAns() throws Exception {
        AgentIdentity noisy = ans.certify(AgentName.parse("ans://v1.0.0.noisy.ops.example.net"));
        AgentIdentity calm = ans.certify(AgentName.parse("ans://v1.0.0.calm.ops.example.net"));
        String caller = noisy.name().toString();
        try (RawHttp n = connect(noisy); RawHttp c = connect(calm)) {
            // A normal baseline: two calls per 10 s window for 40 s (past the 30 s warm-up).
            for (int window = 0; window < 4; window++) {
                for (int i = 0; i < 2; i++) {
                    assertThat(call(n, TARGET.withoutVersion()).status()).isEqualTo(200);
                    assertThat(call(c, TARGET.withoutVersion()).status()).isEqualTo(200);
                }
                clock.advance(Duration.ofSeconds(10));
            }
            // The burst: the 20th call in one window (10x the baseline of 2) suspends.
            RawHttp.Response last = null;
            for (int i = 0; i < 40 && (last == null || last.status() == 200); i++) {
                last = call(n, TARGET.withoutVersion());
            }
            assertThat(last.status()).isEqualTo(403);
            assertThat(last.body()).contains("\"code\":\"caller_suspended\"").contains(AnomalyDetector.RATE_SPIKE);
            assertThat(last.header("acf-denied-by")).isEqualTo(AnomalyDetector.RATE_SPIKE);
            assertThat(call(c, TARGET.withoutVersion()).status()).as("another caller is unaffected").isEqualTo(200);
            String refusedId = last.header("acf-request-id");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(audit("a2a.call")).anySatisfy(e -> {
                    assertThat(e.path("requestId").asText()).isEqualTo(refusedId);
                    assertThat(e.path("outcome").asText()).isEqualTo("caller_suspended");
                    assertThat(e.path("attributes").path("ruleId").asText()).isEqualTo(AnomalyDetector.RATE_SPIKE);
                });
                assertThat(audit(AnomalyGuard.TYPE)).anySatisfy(e -> {
                    assertThat(e.path("source").asText()).isEqualTo(caller);
                    assertThat(e.path("outcome").asText()).isEqualTo("suspended");
                });
            });
            // ANS shows the anomaly and holds the suspension.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(anomaliesAtAns(caller)).anySatisfy(a -> {
                    assertThat(a.path("kind").asText()).isEqualTo("rate-spike");
                    assertThat(a.path("action").asText()).isEqualTo("suspended");
                    assertThat(a.path("reporter").asText()).isEqualTo(AnsFixture.GATEWAY.toString());
                });
                assertThat(admin("GET", "/v1/admin/suspensions").path("suspensions").findValuesAsText("caller")).contains(caller);
            });
            assertThat(gateway.metrics().registry().get(AnomalyGuard.ANOMALIES).tag("kind", "rate-spike").tag("action", "suspended")
                    .counter().count()).isEqualTo(1);

            admin("DELETE", "/v1/admin/suspensions/" + URLEncoder.encode(caller, StandardCharsets.UTF_8));

            // The gateway follows ANS: the caller is let in again, without a restart.
            await().atMost(Duration.ofSeconds(3)).until(() -> gateway.anomalies().suspension(caller).isEmpty());
            assertThat(call(n, TARGET.withoutVersion()).status()).isEqualTo(200);
        }
    }

    @Test
    void anAdministratorsSuspensionAtAnsIsEnforcedByTheGateway() throws Exception {
        AgentIdentity held = ans.certify(AgentName.parse("ans://v1.0.0.held.ops.example.net"));
        try (RawHttp h = connect(held)) {
            assertThat(call(h, TARGET.withoutVersion()).status()).isEqualTo(200);
            HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(ans.ans().baseUri() + "/v1/admin/suspensions"))
                    .header("Authorization", "Bearer " + AnsFixture.ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"caller\":\"" + held.name() + "\",\"reason\":\"investigation\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(made.statusCode()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(3)).until(() -> gateway.anomalies().suspension(held.name().toString()).isPresent());
            RawHttp.Response refused = call(h, TARGET.withoutVersion());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("acf-denied-by")).isEqualTo("admin");
        }
    }

    @Test
    void aDeniedCallRaisesAnEdgeNotGrantedAnomaly() throws Exception {
        AgentIdentity prober = ans.certify(AgentName.parse("ans://v1.0.0.prober.ops.example.net"));
        try (RawHttp p = connect(prober)) {
            RawHttp.Response denied = call(p, VAULT.withoutVersion());
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.body()).contains("permission_denied");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(anomaliesAtAns(prober.name().toString())).anySatisfy(a -> {
            assertThat(a.path("kind").asText()).isEqualTo("edge-not-granted");
            assertThat(a.path("action").asText()).isEqualTo("flagged");
            assertThat(a.path("target").asText()).startsWith("ans://v1.0.0.vault.");
            assertThat(a.path("detail").asText()).contains("vault-closed");
        }));
        assertThat(gateway.anomalies().suspension(prober.name().toString())).isEmpty();
    }

    @Test
    void aRevokedCallersAttemptRaisesAnAnomaly() throws Exception {
        AgentIdentity doomed = ans.certify(AgentName.parse("ans://v1.0.0.doomed.ops.example.net"));
        try (RawHttp d = connect(doomed)) {
            assertThat(call(d, TARGET.withoutVersion()).status()).isEqualTo(200);
            ans.client().revoke(doomed, RevocationReason.KEY_COMPROMISE);
            await().atMost(Duration.ofSeconds(3)).until(() -> call(d, TARGET.withoutVersion()).status() == 403);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(anomaliesAtAns(doomed.name().toString())).anySatisfy(a -> {
            assertThat(a.path("kind").asText()).isEqualTo("revoked-caller");
            assertThat(a.path("ruleId").asText()).isEqualTo(AnomalyDetector.REVOKED_CALLER);
        }));
    }
}
