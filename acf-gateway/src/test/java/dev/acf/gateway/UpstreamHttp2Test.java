package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.proxy.UpstreamProtocols;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway calls agents over HTTP/2: h2c by prior knowledge, h2 over TLS by ALPN, multiplexed and bounded. */
class UpstreamHttp2Test {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";
    static final ApplicationProtocolConfig H2_OR_H1 = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private H2Backend agent;
    private GatewayServer gateway;
    private AnsFixture ans;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (ans != null) {
            ans.close();
        }
        http.close();
    }

    private void startGateway(String agentUrl, GatewayServer.Builder builder) {
        gateway = builder.lookup(new FixedLookup(AnsFixture.record(NAME, agentUrl))).build().start();
    }

    private CompletableFuture<HttpResponse<String>> call(String rest) {
        return http.sendAsync(HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME) + rest))
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void concurrentCallsShareOneH2cConnectionByPriorKnowledge() throws Exception {
        agent = H2Backend.cleartext();
        startGateway("http://127.0.0.1:" + agent.port() + "/a2a", GatewayServer.builder()
                .upstreamProtocols(UpstreamProtocols.defaults().withH2cPriorKnowledge(true))
                .limits(GatewayLimits.builder().maxHttp2ConnectionsPerUpstream(1).build()));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(call("/slow"));
        }
        // All six are open at the agent at once: they are streams of one connection, not six connections.
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.arrived.get() == 6);
        agent.release();

        for (CompletableFuture<HttpResponse<String>> c : calls) {
            HttpResponse<String> response = c.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("server")).as("agent's Server header stripped").isEmpty();
            assertThat(response.headers().map().keySet()).noneMatch(h -> h.startsWith("x-http2"));
        }
        assertThat(agent.connections).hasValue(1);
        assertThat(agent.seen).extracting(H2Backend.Seen::stream).doesNotHaveDuplicates();
        assertThat(agent.seen).extracting(H2Backend.Seen::scheme).containsOnly("http");
        assertThat(agent.seen).extracting(H2Backend.Seen::path).containsOnly("/a2a/slow");
        assertThat(agent.seen).allSatisfy(s -> assertThat(s.requestId()).hasSize(16));
    }

    @Test
    void streamsPerConnectionAreBoundedSoFurtherCallsOpenAnotherConnection() throws Exception {
        agent = H2Backend.cleartext();
        startGateway("http://127.0.0.1:" + agent.port() + "/a2a", GatewayServer.builder()
                .upstreamProtocols(UpstreamProtocols.defaults().withH2cPriorKnowledge(true))
                .limits(GatewayLimits.builder().maxHttp2ConnectionsPerUpstream(2).maxStreamsPerUpstreamConnection(2).build()));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(call("/slow"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.arrived.get() == 4);
        // A fifth call waits for a free stream: both connections carry their two.
        CompletableFuture<HttpResponse<String>> fifth = call("/slow");
        assertThat(agent.connections).hasValue(2);
        Map<String, Long> streamsPerConnection = agent.seen.stream()
                .collect(Collectors.groupingBy(H2Backend.Seen::connection, Collectors.counting()));
        assertThat(streamsPerConnection.values()).containsExactly(2L, 2L);
        agent.release();

        for (CompletableFuture<HttpResponse<String>> c : calls) {
            assertThat(c.get().statusCode()).isEqualTo(200);
        }
        assertThat(fifth.get().statusCode()).isEqualTo(200);
        assertThat(agent.connections).hasValue(2);
    }

    @Test
    void h2IsChosenByAlpnOverTls() throws Exception {
        ans = AnsFixture.start(data);
        AgentIdentity identity = ans.certify(NAME);
        SslContext server = SslContextBuilder.forServer(identity.privateKey(), identity.chain())
                .applicationProtocolConfig(H2_OR_H1).build();
        // ANS certificates name agents by SAN URI, not host name: the chain is what this context checks.
        SslContext client = SslContextBuilder.forClient().trustManager(identity.caChain()).endpointIdentificationAlgorithm(null)
                .applicationProtocolConfig(H2_OR_H1).build();
        agent = H2Backend.tls(server);
        startGateway("https://127.0.0.1:" + agent.port() + "/a2a", GatewayServer.builder().upstreamTls(client));

        HttpResponse<String> first = call("").get();
        HttpResponse<String> second = call("").get();

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode result = AcfJson.readTree(first.body().getBytes(StandardCharsets.UTF_8)).path("result");
        assertThat(result.path("scheme").asText()).isEqualTo("https");
        assertThat(AcfJson.readTree(second.body().getBytes(StandardCharsets.UTF_8)).path("result").path("connection").asText())
                .as("the second call reuses the connection").isEqualTo(result.path("connection").asText());
        assertThat(agent.connections).hasValue(1);
    }

    @Test
    void serverSentEventsStreamThroughAnHttp2UpstreamInOrder() throws Exception {
        agent = H2Backend.cleartext();
        startGateway("http://127.0.0.1:" + agent.port() + "/a2a", GatewayServer.builder()
                .upstreamProtocols(UpstreamProtocols.defaults().withH2cPriorKnowledge(true)));

        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create(gateway.baseUri() + AgentPath.of(NAME) + "/sse?n=1000"))
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<Integer> ids = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("id: ")) {
                    ids.add(Integer.parseInt(line.substring(4)));
                } else if (line.startsWith("data: ")) {
                    assertThat(AcfJson.readTree(line.substring(6).getBytes(StandardCharsets.UTF_8)).path("n").asInt())
                            .isEqualTo(ids.get(ids.size() - 1));
                }
            }
        }
        assertThat(ids).hasSize(1000);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(agent.connections).hasValue(1);
    }
}
