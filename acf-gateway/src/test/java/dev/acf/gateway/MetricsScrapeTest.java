package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.name.AgentName;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.proxy.AgentPath;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} serves the gateway's meters in the Prometheus text format. */
class MetricsScrapeTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private MockWebServer agent;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        agent = new MockWebServer();
        agent.start();
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"ok\":true}").build());
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        http.close();
    }

    private GatewayServer.Builder gateway() {
        return GatewayServer.builder().lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")));
    }

    private void callTheAgent() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI metrics(InetSocketAddress a) {
        return URI.create("http://127.0.0.1:" + a.getPort() + "/metrics");
    }

    @Test
    void theAdminPortScrapesTheRequestCounterAfterACall() throws Exception {
        SimpleMeterRegistry mine = new SimpleMeterRegistry();
        gateway = gateway().metricsPort(0).meterRegistry(mine).build().start();

        callTheAgent();
        HttpResponse<String> scrape = get(metrics(gateway.metricsAddress().orElseThrow()));

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(scrape.body()).containsPattern(
                "acf_gateway_requests_total\\{[^}]*method=\"GetTask\"[^}]*status=\"200\"[^}]*target=\"ans://alpha.ops.example.net\"[^}]*} 1\\.0");
        assertThat(scrape.body()).contains("acf_gateway_latency_seconds_bucket");
        assertThat(mine.get(GatewayMetrics.REQUESTS).counter().count()).as("the given registry still gets the meters").isEqualTo(1.0);
        assertThat(get(URI.create("http://127.0.0.1:" + gateway.metricsAddress().orElseThrow().getPort() + "/other")).statusCode())
                .isEqualTo(404);
        assertThat(gateway.plaintextAddress().orElseThrow().getPort()).isNotEqualTo(gateway.metricsAddress().orElseThrow().getPort());
        assertThat(get(metrics(gateway.plaintextAddress().orElseThrow())).statusCode()).as("not on the data port").isEqualTo(404);
    }

    @Test
    void thePlaintextPortServesMetricsWhenEnabledWithoutCountingTheScrape() throws Exception {
        gateway = gateway().metricsOnPlaintextPort(true).build().start();

        callTheAgent();
        HttpResponse<String> first = get(metrics(gateway.plaintextAddress().orElseThrow()));
        HttpResponse<String> second = get(metrics(gateway.plaintextAddress().orElseThrow()));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(gateway.metricsAddress()).isEmpty();
        assertThat(second.body()).contains("acf_gateway_requests_total{").doesNotContain("method=\"GET\"");
    }
}
