package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.hierarchy.Hierarchy;
import dev.acf.gateway.hierarchy.HopFilter;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three levels of plaintext gateways over real sockets (GW-SCALE-2):
 * <pre>
 *   core      owns ops.example.net                  agent alpha.ops.example.net           child region1 -> regional
 *   regional  owns region1.ops.example.net          agent beta.region1.ops.example.net    child home.region1 -> edge, parent core
 *   edge      owns home.region1.ops.example.net     agent tv.home.region1.ops.example.net parent regional
 * </pre>
 * and two misconfigured gateways whose parents are each other. Without TLS no hop authenticates,
 * so no gateway believes a forwarded caller here; {@code HierarchicalGatewaysTlsTest} covers that.
 */
class HierarchicalGatewaysTest {
    static final AgentName ALPHA = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    static final AgentName BETA = AgentName.parse("ans://v1.0.0.beta.region1.ops.example.net");
    static final AgentName TV = AgentName.parse("ans://v1.0.0.tv.home.region1.ops.example.net");
    static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"task\",\"id\":\"t-1\",\"contextId\":\"c-1\","
            + "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}";
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
            + "\"messageId\":\"m-1\",\"parts\":[{\"text\":\"status?\"}]}}}";

    static final List<HttpServer> agents = new ArrayList<>();
    static final BlockingQueue<Map<String, List<String>>> seenByAgents = new LinkedBlockingQueue<>();
    static final List<GatewayServer> gateways = new ArrayList<>();
    static final Map<String, List<AuditEvent>> audits = Map.of("core", new CopyOnWriteArrayList<>(), "regional",
            new CopyOnWriteArrayList<>(), "edge", new CopyOnWriteArrayList<>(), "a", new CopyOnWriteArrayList<>(), "b",
            new CopyOnWriteArrayList<>());
    static GatewayServer core;
    static GatewayServer regional;
    static GatewayServer edge;
    static GatewayServer loopA;
    static GatewayServer loopB;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        int corePort = freePort();
        int regionalPort = freePort();
        int edgePort = freePort();
        core = gateway("core", corePort, Hierarchy.builder("ops.example.net")
                .child("region1.ops.example.net", base(regionalPort)).build(), new FixedLookup(AnsFixture.record(ALPHA, agent())));
        regional = gateway("regional", regionalPort, Hierarchy.builder("region1.ops.example.net")
                .parent(base(corePort))
                .child("home.region1.ops.example.net", base(edgePort)).build(), new FixedLookup(AnsFixture.record(BETA, agent())));
        edge = gateway("edge", edgePort, Hierarchy.builder("home.region1.ops.example.net").parent(base(regionalPort)).build(),
                new FixedLookup(AnsFixture.record(TV, agent())));
        int aPort = freePort();
        int bPort = freePort();
        loopA = gateway("a", aPort, Hierarchy.builder("a.ops.example.net").parent(base(bPort)).build(), new FixedLookup());
        loopB = gateway("b", bPort, Hierarchy.builder("b.ops.example.net").parent(base(aPort)).build(), new FixedLookup());
    }

    @AfterAll
    static void stop() {
        gateways.forEach(GatewayServer::close);
        agents.forEach(a -> a.stop(0));
    }

    @BeforeEach
    void forget() {
        seenByAgents.clear();
        audits.values().forEach(List::clear);
    }

    private static GatewayServer gateway(String label, int port, Hierarchy hierarchy, FixedLookup lookup) {
        AuditSink sink = event -> audits.get(label).add(event);
        GatewayServer g = GatewayServer.builder().lookup(lookup).port(port).hierarchy(hierarchy).auditSink(sink).build().start();
        gateways.add(g);
        return g;
    }

    private static URI base(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Starts an agent answering every call with {@link #RESULT}; returns its endpoint URL. */
    private static String agent() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            seenByAgents.add(Map.copyOf(exchange.getRequestHeaders()));
            byte[] body = RESULT.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        agents.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/a2a";
    }

    private static HttpResponse<String> call(GatewayServer gateway, AgentName agent, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUri() + AgentPath.of(agent)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CALL));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, List<String>> seenByAgent() throws InterruptedException {
        Map<String, List<String>> headers = seenByAgents.poll(5, TimeUnit.SECONDS);
        assertThat(headers).as("a request reached an agent").isNotNull();
        return headers;
    }

    private static String error(HttpResponse<String> response) {
        JsonNode body = AcfJson.readTree(response.body().getBytes(StandardCharsets.UTF_8));
        return body.path("error").path("code").asText() + ": " + body.path("error").path("message").asText();
    }

    private static void awaitAudits(String label, int count) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(audits.get(label)).hasSize(count));
    }

    private static boolean hasHeader(Map<String, List<String>> headers, String name) {
        return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }

    @Test
    void callFromTheEdgeToACoreAgentRoutesUpTwice() throws Exception {
        HttpResponse<String> response = call(edge, ALPHA.withoutVersion());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(RESULT);
        Map<String, List<String>> seen = seenByAgent();
        // The hop headers stop at the last gateway: the agent sees an ordinary call.
        assertThat(hasHeader(seen, HopFilter.VIA)).isFalse();
        assertThat(hasHeader(seen, HopFilter.HOPS)).isFalse();
        assertThat(seenByAgents).isEmpty();
        awaitAudits("edge", 1);
        awaitAudits("regional", 1);
        awaitAudits("core", 1);
        AuditEvent atCore = audits.get("core").get(0);
        assertThat(atCore.status()).isEqualTo(200);
        assertThat(atCore.attributes()).containsEntry("via", "home.region1.ops.example.net, region1.ops.example.net");
        assertThat(audits.get("regional").get(0).attributes()).containsEntry("via", "home.region1.ops.example.net");
        assertThat(audits.get("edge").get(0).attributes()).doesNotContainKey("via");
    }

    @Test
    void callFromTheCoreToAnEdgeAgentRoutesDownTwiceByLongestSuffix() throws Exception {
        HttpResponse<String> response = call(core, TV);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        seenByAgent();
        awaitAudits("edge", 1);
        assertThat(audits.get("edge").get(0).attributes()).containsEntry("via", "ops.example.net, region1.ops.example.net");
        assertThat(audits.get("regional")).hasSize(1);
        assertThat(audits.get("core")).hasSize(1);
    }

    @Test
    void regionalGatewayAnswersItsOwnAgentsAndSendsOthersUpOrDown() throws Exception {
        assertThat(call(regional, BETA).statusCode()).isEqualTo(200);
        assertThat(call(regional, TV).statusCode()).isEqualTo(200);
        assertThat(call(regional, ALPHA).statusCode()).isEqualTo(200);
        awaitAudits("regional", 3);
        awaitAudits("edge", 1);
        awaitAudits("core", 1);
    }

    @Test
    void nameOutsideEveryNameSpaceIsNotFoundAtTheTop() throws Exception {
        HttpResponse<String> response = call(edge, AgentName.parse("ans://v1.0.0.gamma.elsewhere.org"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).startsWith("agent_not_found: no route to ans://v1.0.0.gamma.elsewhere.org")
                .contains("gateway ops.example.net owns only ops.example.net and has no parent");
        assertThat(seenByAgents).isEmpty();
    }

    @Test
    void unknownNameInsideTheOwnedSpaceIsNotFoundWithoutForwarding() throws Exception {
        HttpResponse<String> response = call(edge, AgentName.parse("ans://nobody.home.region1.ops.example.net"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).startsWith("agent_not_found");
        awaitAudits("edge", 1);
        assertThat(audits.get("regional")).isEmpty();
    }

    @Test
    void gatewaysThatAreEachOthersParentStopTheLoopWithRoutingLoop() throws Exception {
        HttpResponse<String> response = call(loopA, AgentName.parse("ans://v1.0.0.gamma.ops.example.net"));

        assertThat(response.statusCode()).isEqualTo(508);
        assertThat(error(response)).isEqualTo("routing_loop: routing loop: the call to ans://v1.0.0.gamma.ops.example.net came back to"
                + " gateway a.ops.example.net along a.ops.example.net -> b.ops.example.net -> a.ops.example.net");
        // A saw the call twice (from the client, then back from B), B once: no more forwarding.
        awaitAudits("a", 2);
        awaitAudits("b", 1);
        assertThat(audits.get("a")).extracting(AuditEvent::outcome).containsOnly("routing_loop");
    }

    @Test
    void hopLimitStopsACallThatNeedsMoreHops() throws Exception {
        HttpResponse<String> response = call(edge, ALPHA, HopFilter.HOPS, "1");

        assertThat(response.statusCode()).isEqualTo(508);
        assertThat(error(response)).contains("ran out of hops at gateway region1.ops.example.net after home.region1.ops.example.net");
        awaitAudits("edge", 1);
        awaitAudits("regional", 1);
        assertThat(audits.get("core")).isEmpty();
        assertThat(seenByAgents).isEmpty();
    }

    @Test
    void hopLimitAboveTheConfiguredMaximumIsCapped() throws Exception {
        HttpResponse<String> response = call(edge, ALPHA, HopFilter.HOPS, "1000000");

        assertThat(response.statusCode()).isEqualTo(200);
        awaitAudits("core", 1);
    }

    @Test
    void malformedHopCountIsABadRequest() throws Exception {
        HttpResponse<String> response = call(edge, ALPHA, HopFilter.HOPS, "many");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("invalid_request");
    }

    @Test
    void forwardedCallerFromAnOrdinaryCallerIsIgnoredAndNotPassedOn() throws Exception {
        HttpResponse<String> local = call(edge, TV, HopFilter.FORWARDED_CALLER,
                "subject=ans%3A%2F%2Fv1.0.0.root.example.net;clearance=SECRET");

        assertThat(local.statusCode()).isEqualTo(200);
        Map<String, List<String>> seen = seenByAgent();
        assertThat(hasHeader(seen, HopFilter.FORWARDED_CALLER)).isFalse();
        assertThat(hasHeader(seen, "acf-caller")).isFalse();
        awaitAudits("edge", 1);
        assertThat(audits.get("edge").get(0).source()).isEqualTo("anonymous");
        assertThat(audits.get("edge").get(0).attributes()).doesNotContainKey("forwardedBy");

        HttpResponse<String> forwarded = call(edge, ALPHA, HopFilter.FORWARDED_CALLER,
                "subject=ans%3A%2F%2Fv1.0.0.root.example.net;clearance=SECRET");

        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(hasHeader(seenByAgent(), "acf-caller")).isFalse();
        awaitAudits("core", 1);
        assertThat(audits.get("core").get(0).source()).isEqualTo("anonymous");
    }
}
