package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.json.AcfJson;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interaction graph API (ANS-MON-1, ANS-MON-2) over real HTTP: pushed events, windows, DOT,
 * the SSE stream, grants and anomalies on edges, operator actions on nodes, authentication.
 */
class InteractionGraphApiTest {
    static final String ADMIN = "graph-test-admin-token-0123456789";
    static final String TOKEN = "graph-test-bootstrap-0001";
    static final String ALPHA = "ans://v1.0.0.alpha.ops.example.net";
    static final String RCA = "ans://v1.0.0.rca.ops.example.net";
    static final String VAULT = "ans://v1.0.0.vault.ops.example.net";

    @TempDir
    Path data;

    AnsServer ans;
    AnsHttp http;

    @BeforeEach
    void start() {
        // Nothing is callable without a grant: the graph's "granted" then means something.
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(data).adminToken(ADMIN)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).semanticResolution(false)
                .defaultPermission(GrantPolicy.Decision.DENY).build().start();
        http = new AnsHttp(ans.baseUri());
    }

    @AfterEach
    void stop() {
        ans.close();
    }

    private static Map<String, Object> call(String caller, String callee, Instant time, String outcome, long micros) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "a2a.call");
        e.put("time", time.toString());
        e.put("source", caller);
        e.put("destination", callee);
        e.put("method", "SendMessage");
        e.put("status", outcome.equals("ok") ? 200 : 502);
        e.put("outcome", outcome);
        e.put("latencyMicros", micros);
        return e;
    }

    private void push(List<Map<String, Object>> events) {
        AnsHttp.Answer answer = http.post("/v1/graph/events", ADMIN, Map.of("events", events));
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        assertThat(answer.json().path("accepted").asInt()).isEqualTo(events.size());
    }

    private AnsHttp.Answer graph(String query, @Nullable String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(ans.baseUri().resolve("/v1/graph" + query))
                .header("Authorization", "Bearer " + ADMIN).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request);
    }

    private static @Nullable JsonNode edge(JsonNode graph, String caller, String callee) {
        for (JsonNode e : graph.path("edges")) {
            if (e.path("caller").asText().equals(caller) && e.path("callee").asText().equals(callee)) {
                return e;
            }
        }
        return null;
    }

    private static @Nullable JsonNode node(JsonNode graph, String name) {
        for (JsonNode n : graph.path("nodes")) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        return null;
    }

    @Test
    void pushedCallsAreCountedPerEdgeWithErrorsLatencyAndNodes() {
        Instant now = Instant.now();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            events.add(call(ALPHA, RCA, now.minusSeconds(i), "ok", 2_000));
        }
        events.add(call(ALPHA, RCA, now, "upstream_unavailable", 900_000));
        events.add(call(RCA, ALPHA, now, "ok", 300));
        push(events);

        JsonNode graph = graph("", null).json();

        assertThat(graph.path("window").asText()).isEqualTo("PT5M");
        JsonNode e = edge(graph, ALPHA, RCA);
        assertThat(e).isNotNull();
        assertThat(e.path("calls").asLong()).isEqualTo(10);
        assertThat(e.path("errors").asLong()).isEqualTo(1);
        assertThat(e.path("errorRate").asDouble()).isEqualTo(0.1);
        assertThat(e.path("p50Ms").asDouble()).isBetween(1.0, 2.0);
        assertThat(e.path("p99Ms").asDouble()).isBetween(512.0, 1024.0);
        assertThat(e.path("granted").asBoolean()).isFalse();
        assertThat(Instant.parse(e.path("lastSeen").asText())).isAfterOrEqualTo(now.minusSeconds(1));
        JsonNode alpha = node(graph, ALPHA);
        assertThat(alpha).isNotNull();
        assertThat(alpha.path("callsOut").asLong()).isEqualTo(10);
        assertThat(alpha.path("callsIn").asLong()).isEqualTo(1);
        assertThat(alpha.path("domain").asText()).isEqualTo("ops.example.net");
        assertThat(alpha.path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(alpha.has("trust")).as("no trust summary until capability verification provides one").isFalse();
    }

    @Test
    void windowExcludesOlderBuckets() {
        Instant now = Instant.now();
        push(List.of(call(ALPHA, RCA, now.minus(Duration.ofMinutes(20)), "ok", 1_000),
                call(ALPHA, RCA, now.minus(Duration.ofHours(3)), "ok", 1_000),
                call(ALPHA, RCA, now.minusSeconds(5), "ok", 1_000),
                call(ALPHA, RCA, now.minus(Duration.ofHours(30)), "ok", 1_000)));

        assertThat(edge(graph("?window=5m", null).json(), ALPHA, RCA).path("calls").asLong()).isEqualTo(1);
        assertThat(edge(graph("?window=1h", null).json(), ALPHA, RCA).path("calls").asLong()).isEqualTo(2);
        assertThat(edge(graph("?window=PT24H", null).json(), ALPHA, RCA).path("calls").asLong())
                .as("the call of 30 h ago is past the retention").isEqualTo(3);
        assertThat(graph("?window=30s", null).json().path("from").asText()).isNotEmpty();
        assertThat(edge(graph("?window=30s", null).json(), ALPHA, RCA).path("calls").asLong()).isEqualTo(1);
    }

    @Test
    void badWindowsAreRefusedWithA400() {
        assertThat(graph("?window=25h", null).status()).isEqualTo(400);
        assertThat(graph("?window=0s", null).status()).isEqualTo(400);
        assertThat(graph("?window=soon", null).errorCode()).isEqualTo("invalid_request");
        assertThat(http.post("/v1/graph/events", ADMIN, Map.of("events", List.of(Map.of("source", ALPHA)))).status()).isEqualTo(400);
        assertThat(http.post("/v1/graph/events", ADMIN, "{\"events\": 3}").status()).isEqualTo(400);
    }

    @Test
    void dotIsAWellFormedDigraphWithTheEdges() throws Exception {
        Instant now = Instant.now();
        push(List.of(call(ALPHA, RCA, now, "ok", 1_000), call(RCA, "ans://v1.0.0.probe\"x.ops.example.net", now, "ok", 1_000),
                call("token:svc \"quoted\" \\ path", RCA, now, "denied", 10)));

        AnsHttp.Answer answer = graph("", "text/vnd.graphviz");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/vnd.graphviz");
        DotCheck.Digraph dot = DotCheck.parse(answer.text());
        assertThat(dot.edges()).contains(List.of(ALPHA, RCA), List.of("token:svc \"quoted\" \\ path", RCA));
        assertThat(dot.nodes()).contains(ALPHA, RCA);
        assertThat(DotCheck.parse(graph("?format=dot", null).text()).edges()).hasSize(3);
        DotCheck.withGraphviz(answer.text());
    }

    @Test
    void ungrantedEdgeShowsGrantedFalseAndItsAnomalyWhileAGrantedOneShowsTrue() {
        ans.service().createPermission(GrantRequest.of(ALPHA, RCA, List.of()), ADMIN);
        Instant now = Instant.now();
        push(List.of(call(ALPHA, RCA, now, "ok", 1_000), call(ALPHA, VAULT, now, "permission_denied", 100)));
        AnomalyEvent denied = new AnomalyEvent(UUID.randomUUID().toString(), now, ALPHA, VAULT, AnomalyEvent.Kind.EDGE_NOT_GRANTED,
                "anomaly.edge-not-granted", "a call the permission policy denied (rule vault-closed)", AnomalyEvent.Action.FLAGGED, null);
        assertThat(http.post("/v1/anomalies", ADMIN, Map.of("anomalies", List.of(denied))).status()).isEqualTo(202);

        JsonNode graph = graph("", null).json();

        JsonNode vault = edge(graph, ALPHA, VAULT);
        assertThat(vault.path("granted").asBoolean()).isFalse();
        assertThat(vault.path("errors").asLong()).isEqualTo(1);
        assertThat(vault.path("anomalies")).hasSize(1);
        JsonNode anomaly = vault.path("anomalies").get(0);
        assertThat(anomaly.path("id").asText()).isEqualTo(denied.id());
        assertThat(anomaly.path("kind").asText()).isEqualTo("edge-not-granted");
        assertThat(anomaly.path("ruleId").asText()).isEqualTo("anomaly.edge-not-granted");
        assertThat(anomaly.path("detail").asText()).contains("vault-closed");
        assertThat(edge(graph, ALPHA, RCA).path("granted").asBoolean()).isTrue();
        assertThat(edge(graph, ALPHA, RCA).path("anomalies")).isEmpty();
        assertThat(node(graph, ALPHA).path("anomalies").asLong()).isEqualTo(1);
    }

    @Test
    void streamSendsTheSnapshotThenAnEdgeDeltaAfterANewCall() {
        push(List.of(call(ALPHA, RCA, Instant.now(), "ok", 1_000)));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (HttpClient client = HttpClient.newHttpClient();
                    InputStream body = client.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/graph/stream?window=10m"))
                            .header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                Sse first = Sse.next(lines);
                assertThat(first.event()).isEqualTo("snapshot");
                assertThat(first.json().path("window").asText()).isEqualTo("PT10M");
                assertThat(edge(first.json(), ALPHA, RCA).path("calls").asLong()).isEqualTo(1);

                push(List.of(call(ALPHA, RCA, Instant.now(), "ok", 1_000), call(ALPHA, RCA, Instant.now(), "ok", 1_000)));

                Sse delta = Sse.next(lines);
                while (!delta.event().equals("edge")) {
                    delta = Sse.next(lines);
                }
                assertThat(delta.json().path("caller").asText()).isEqualTo(ALPHA);
                assertThat(delta.json().path("callee").asText()).isEqualTo(RCA);
                assertThat(delta.json().path("calls").asLong()).isEqualTo(3);

                // An operator's suspension shows on the node at once.
                assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions")).headers("Authorization", "Bearer " + ADMIN,
                        "Content-Type", "application/json", "ACF-Operator", "alice")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"caller\":\"" + ALPHA + "\",\"reason\":\"investigating\"}"))).status())
                        .isEqualTo(201);
                // Node deltas of the calls above may come first: the suspension's is the one saying SUSPENDED.
                Sse node = Sse.next(lines);
                while (!(node.event().equals("node") && node.json().path("name").asText().equals(ALPHA)
                        && node.json().path("status").asText().equals("SUSPENDED"))) {
                    node = Sse.next(lines);
                }
                assertThat(node.json().path("callsOut").asLong()).isEqualTo(3);
            }
        });
    }

    @Test
    void operatorActionsAreAuditedWithTheOperatorAndShowOnTheNodes() throws Exception {
        AgentIdentity rca;
        try (AcfClient client = AcfClient.builder().ans(ans.baseUri()).build()) {
            rca = AgentIdentity.generate(AgentName.parse(RCA));
            var sample = SampleAgents.record(rca.name());
            client.register(rca, sample.agentCard(), sample.endpoints(), TOKEN);
        }
        push(List.of(call(ALPHA, RCA, Instant.now(), "ok", 1_000)));
        assertThat(node(graph("", null).json(), RCA).path("status").asText()).isEqualTo("ACTIVE");

        AnsHttp.Answer suspended = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions"))
                .headers("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "ACF-Operator", "alice")
                .POST(HttpRequest.BodyPublishers.ofString("{\"caller\":\"" + ALPHA + "\"}")));
        assertThat(suspended.status()).isEqualTo(201);
        assertThat(node(graph("", null).json(), ALPHA).path("status").asText()).isEqualTo("SUSPENDED");
        AnsHttp.Answer lifted = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions/" + AnsHttp.encode(ALPHA)))
                .headers("Authorization", "Bearer " + ADMIN, "ACF-Operator", "alice").DELETE());
        assertThat(lifted.status()).isEqualTo(200);
        assertThat(node(graph("", null).json(), ALPHA).path("status").asText()).isEqualTo("UNKNOWN");
        AnsHttp.Answer revoked = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/agents/" + AnsHttp.encode(RCA) + "/revocation"))
                .headers("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "ACF-Operator", "bob")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")));
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(node(graph("", null).json(), RCA).path("status").asText()).isEqualTo("REVOKED");
        assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions"))
                .headers("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json", "ACF-Operator", "not allowed!")
                .POST(HttpRequest.BodyPublishers.ofString("{\"caller\":\"" + ALPHA + "\"}"))).status()).isEqualTo(400);

        List<JsonNode> log = new ArrayList<>();
        for (String line : Files.readAllLines(ans.service().audit().file())) {
            log.add(AcfJson.readTree(line.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(log).anySatisfy(e -> assertAudited(e, "admin:alice", "caller.suspend", ALPHA));
        assertThat(log).anySatisfy(e -> assertAudited(e, "admin:alice", "caller.lift", ALPHA));
        assertThat(log).anySatisfy(e -> assertAudited(e, "admin:bob", "agent.revoke", RCA));
    }

    private static void assertAudited(JsonNode entry, String actor, String action, String target) {
        JsonNode record = entry.has("record") ? entry.path("record") : entry;
        assertThat(record.path("actor").asText()).isEqualTo(actor);
        assertThat(record.path("action").asText()).isEqualTo(action);
        assertThat(record.path("target").asText()).isEqualTo(target);
    }

    @Test
    void everyGraphRouteRefusesCallersWithoutTheAdminToken() {
        assertThat(http.get("/v1/graph").status()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/graph")).header("Authorization", "Bearer wrong").GET())
                .status()).isEqualTo(401);
        assertThat(http.get("/v1/graph/stream").status()).isEqualTo(401);
        assertThat(http.post("/v1/graph/events", null, Map.of("events", List.of())).status()).isEqualTo(401);
        assertThat(http.post("/v1/graph/events", "wrong", Map.of("events", List.of())).status()).isEqualTo(401);
        assertThat(http.get("/v1/graph").errorCode()).isEqualTo("unauthenticated");
    }

    /** One Server-Sent Event. */
    record Sse(String event, String data) {
        JsonNode json() {
            return AcfJson.readTree(data.getBytes(StandardCharsets.UTF_8));
        }

        static Sse next(BufferedReader lines) throws java.io.IOException {
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        return new Sse(event, data.toString());
                    }
                    event = "message";
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            throw new java.io.EOFException("the stream ended");
        }
    }
}
