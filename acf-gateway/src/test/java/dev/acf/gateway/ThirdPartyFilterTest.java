package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.filters.TeamFilter;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A filter written only against acf-api, discovered with ServiceLoader and enabled by configuration. */
class ThirdPartyFilterTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");

    private final HttpClient http = HttpClient.newHttpClient();
    private MockWebServer agent;
    private GatewayServer gateway;
    private TeamFilter filter;

    @BeforeEach
    void start() throws IOException {
        agent = new MockWebServer();
        agent.start();
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .config(ProviderConfig.of(Map.of(GatewayServer.FILTERS_KEY, "team")))
                .build()
                .start();
        filter = gateway.filters().stream().filter(TeamFilter.class::isInstance).map(TeamFilter.class::cast).findFirst().orElseThrow();
    }

    @AfterEach
    void stop() {
        gateway.close();
        http.close();
        agent.close();
    }

    private HttpResponse<String> call(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t\"}}"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void filterShortCircuitsWith403AndTheAgentIsNeverCalled() throws Exception {
        HttpResponse<String> response = call();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"code\":\"permission_denied\"");
        assertThat(agent.getRequestCount()).isZero();
        assertThat(filter.observed()).isEmpty();
    }

    @Test
    void filterModifiesHeadersBothWaysAndObservesTheResponse() throws Exception {
        agent.enqueue(new MockResponse.Builder().code(202).addHeader("Content-Type", "application/json").body("{}").build());

        HttpResponse<String> response = call("x-team", "noc");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("x-filtered-by")).hasValue("team-filter");
        assertThat(agent.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("x-team-checked")).isEqualTo("noc");
        assertThat(filter.observed()).containsExactly(202);
    }

    @Test
    void theFilterRunsBeforeBuiltInValidation() {
        List<String> order = gateway.filters().stream().map(f -> f.getClass().getSimpleName()).toList();

        assertThat(gateway.filters().indexOf(filter)).isLessThan(order.indexOf("JsonRpcValidation"));
    }

    @Test
    void aMissingProviderFailsFastListingThoseAvailable() {
        assertThatThrownBy(() -> GatewayServer.builder().lookup(new FixedLookup()).enableFilter("nope").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("[team]");
    }
}
