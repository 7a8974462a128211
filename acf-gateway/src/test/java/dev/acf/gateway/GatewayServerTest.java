package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.proxy.AgentPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent registered in a real ANS, called by name through the gateway. */
class GatewayServerTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.rca.broadband.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SendMessage\",\"params\":{\"message\":"
            + "{\"role\":\"ROLE_USER\",\"messageId\":\"m1\",\"contextId\":\"ctx-1\",\"parts\":[{\"text\":\"why is it down?\"}]}}}";

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private MockWebServer agent;
    private AnsFixture ans;
    private GatewayServer gateway;
    private String agentUrl;

    @BeforeEach
    void start() throws Exception {
        agent = new MockWebServer();
        agent.start();
        agentUrl = "http://127.0.0.1:" + agent.getPort() + "/a2a";
        ans = AnsFixture.start(data);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        http.close();
        ans.close();
        agent.close();
    }

    private GatewayServer.Builder gatewayOver(dev.acf.api.resolve.AnsLookup lookup) {
        return GatewayServer.builder().lookup(lookup).expose(NAME.withoutVersion());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void agentIsCalledByNameAndNoInternalAddressLeaks() throws Exception {
        ans.register(NAME, agentUrl);
        gateway = gatewayOver(ans.ans().lookup()).build().start();
        agent.enqueue(new MockResponse.Builder()
                .code(201)
                .addHeader("Content-Type", "application/json")
                .addHeader("Server", "agent-runtime/3.1")
                .addHeader("Via", "1.1 internal-lb-7")
                .addHeader("X-Powered-By", "Undertow")
                .addHeader("Location", agentUrl + "/tasks/t-1")
                .body("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"kind\":\"task\",\"id\":\"t-1\"}}")
                .build());

        HttpResponse<String> response = post(AgentPath.of(NAME) + "/v1?trace=1", CALL, "ACF-Caller", "ans://v1.0.0.forged.ops.example.net",
                "X-Forwarded-For", "10.9.9.9");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("\"id\":\"t-1\"");
        assertThat(response.headers().firstValue("server")).isEmpty();
        assertThat(response.headers().firstValue("via")).isEmpty();
        assertThat(response.headers().firstValue("x-powered-by")).isEmpty();
        assertThat(response.headers().firstValue("location"))
                .hasValue(gateway.baseUri() + AgentPath.of(NAME) + "/tasks/t-1");
        String internal = "127.0.0.1:" + agent.getPort();
        response.headers().map().forEach((name, values) -> assertThat(values).noneMatch(v -> v.contains(internal)));
        assertThat(response.body()).doesNotContain(internal);
        String requestId = response.headers().firstValue("acf-request-id").orElseThrow();

        RecordedRequest upstream = agent.takeRequest(5, TimeUnit.SECONDS);
        assertThat(upstream.getTarget()).isEqualTo("/a2a/v1?trace=1");
        assertThat(upstream.getMethod()).isEqualTo("POST");
        assertThat(upstream.getBody().utf8()).isEqualTo(CALL);
        assertThat(upstream.getHeaders().get("ACF-Request-Id")).isEqualTo(requestId);
        assertThat(upstream.getHeaders().get("ACF-Caller")).as("a client cannot claim an identity").isNull();
        assertThat(upstream.getHeaders().get("X-Forwarded-For")).isNull();
    }

    @Test
    void theAuthenticatedCallerReachesTheAgentInAcfCaller() throws Exception {
        ans.register(NAME, agentUrl);
        CallerIdentity noc = CallerIdentity.ofAgent(AgentName.parse("ans://v1.0.0.noc.ops.example.net"),
                dev.acf.api.name.Domain.of("ops.example.net"), ClassificationLevel.INTERNAL);
        gateway = gatewayOver(ans.ans().lookup())
                .filter(FilterStage.SECURITY, (exchange, chain) -> chain.proceed(exchange.withCaller(noc)))
                .build().start();
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{}").build());

        assertThat(post(AgentPath.of(NAME), CALL).statusCode()).isEqualTo(200);

        assertThat(agent.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("ACF-Caller")).isEqualTo("ans://v1.0.0.noc.ops.example.net");
    }

    @Test
    void agentCardComesBackWithEveryUrlPointingAtTheGateway() throws Exception {
        ans.register(NAME, agentUrl);
        gateway = gatewayOver(ans.ans().lookup()).build().start();

        HttpResponse<String> response = get(AgentPath.of(NAME.withoutVersion()) + AgentPath.CARD);

        assertThat(response.statusCode()).isEqualTo(200);
        String agentBase = gateway.baseUri() + AgentPath.of(NAME.withoutVersion());
        JsonNode card = AcfJson.readTree(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(card.path("supportedInterfaces").get(0).path("url").asText()).isEqualTo(agentBase);
        assertThat(card.path("iconUrl").asText()).isEqualTo(agentBase + "/icon.png");
        assertThat(card.path("documentationUrl").asText()).isEqualTo(agentBase);
        assertThat(card.path("provider").path("url").asText()).isEqualTo("https://example.net");
        assertThat(response.body()).doesNotContain("127.0.0.1:" + agent.getPort());
        assertThat(agent.getRequestCount()).as("the card comes from ANS, not the agent").isZero();
    }

    @Test
    void catalogueListsTheExposedAgentsWithGatewayAddresses() throws Exception {
        ans.register(NAME, agentUrl);
        gateway = gatewayOver(ans.ans().lookup()).expose(AgentName.parse("ans://ghost.ops.example.net")).build().start();

        HttpResponse<String> response = get("/v1/catalog");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode agents = AcfJson.readTree(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("agents");
        assertThat(agents).hasSize(1);
        assertThat(agents.get(0).path("name").asText()).isEqualTo(NAME.toString());
        assertThat(agents.get(0).path("version").asText()).isEqualTo("1.0.0");
        assertThat(agents.get(0).path("card").asText()).isEqualTo(gateway.baseUri() + AgentPath.of(NAME) + AgentPath.CARD);
        assertThat(get(agents.get(0).path("card").asText().substring(gateway.baseUri().toString().length())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownAgentIsA404WithTheErrorBody() throws Exception {
        gateway = GatewayServer.builder().lookup(ans.ans().lookup()).build().start();

        HttpResponse<String> response = post(AgentPath.of(AgentName.parse("ans://v1.0.0.nobody.ops.example.net")), CALL);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = AcfJson.readTree(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("error");
        assertThat(error.path("code").asText()).isEqualTo("agent_not_found");
        assertThat(error.path("requestId").asText()).isEqualTo(response.headers().firstValue("acf-request-id").orElseThrow());
    }

    @Test
    void aNameOutsideTheExposedOnesIsNotRouted() throws Exception {
        AgentName other = AgentName.parse("ans://v1.0.0.billing.ops.example.net");
        ans.register(other, agentUrl);
        gateway = gatewayOver(ans.ans().lookup()).build().start();

        assertThat(post(AgentPath.of(other), CALL).statusCode()).isEqualTo(404);
        assertThat(agent.getRequestCount()).isZero();
    }

    @Test
    void remoteLookupThroughTheClientRoutesAndARevokedAgentStopsBeingRouted() throws Exception {
        AgentIdentity identity = ans.register(NAME, agentUrl);
        try (AcfClient remote = AcfClient.builder().ans(ans.ans().baseUri()).cacheTtl(Duration.ofMinutes(5)).build()) {
            gateway = gatewayOver(remote).cacheTtl(Duration.ofMinutes(5)).build().start();
            agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"ok\":1}").build());
            assertThat(post(AgentPath.of(NAME), CALL).body()).isEqualTo("{\"ok\":1}");

            ans.client().revoke(identity, RevocationReason.KEY_COMPROMISE);

            await().atMost(Duration.ofSeconds(5)).until(() -> post(AgentPath.of(NAME), CALL).statusCode() == 404);
        }
    }

    @Test
    void baseUriIsPlainHttpOnLoopbackByDefault() {
        gateway = GatewayServer.builder().lookup(ans.ans().lookup()).build().start();

        assertThat(gateway.baseUri().getScheme()).isEqualTo("http");
        assertThat(gateway.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(gateway.tlsAddress()).isEmpty();
        assertThat(URI.create(gateway.baseUri() + "/").getPort()).isPositive();
    }

    @Test
    void withoutBuiltInsOnlyTheAddedFiltersRunAndAuditIsRefused() {
        dev.acf.api.gateway.GatewayFilter mine = (exchange, chain) -> chain.proceed(exchange);
        GatewayServer bare = GatewayServer.builder().lookup(new FixedLookup()).builtIns(false).filter(FilterStage.QOS, mine).build();

        assertThat(bare.filters()).containsExactly(mine);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayServer.builder().lookup(new FixedLookup()).builtIns(false)
                .auditDirectory(Path.of("audit")).build()).isInstanceOf(dev.acf.api.error.ConfigurationException.class);
    }
}
