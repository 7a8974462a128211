package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.Route;
import dev.acf.api.name.AgentName;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.balance.RoundRobinLoadBalancer;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent with several instances: the load balancer spreads calls, skips a dead instance, and both SPIs are replaceable. */
class LoadBalancingTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BlockingQueue<String> served = new LinkedBlockingQueue<>();
    private MockWebServer first;
    private MockWebServer second;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws IOException {
        first = instance("first");
        second = instance("second");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        first.close();
        second.close();
        http.close();
    }

    private MockWebServer instance(String label) throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                served.add(label);
                return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"instance\":\"" + label + "\"}}").build();
            }
        });
        server.start();
        return server;
    }

    private static String url(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort() + "/a2a";
    }

    private static AgentRecord agentAt(String... urls) {
        return AnsFixture.record(NAME, urls[0]).toBuilder()
                .endpoints(java.util.Arrays.stream(urls).map(u -> Endpoint.of(u, Endpoint.JSONRPC)).toList())
                .build();
    }

    private HttpResponse<String> call() throws Exception {
        return http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int deadPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @Test
    void twoInstancesOfOneAgentGetCallsInTurnUnderRoundRobin() throws Exception {
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(url(first), url(second))))
                .config(ProviderConfig.of(java.util.Map.of(GatewayServer.LOAD_BALANCER_KEY, "round-robin")))
                .build().start();

        for (int i = 0; i < 4; i++) {
            assertThat(call().statusCode()).isEqualTo(200);
        }

        assertThat(List.of(served.take(), served.take(), served.take(), served.take()))
                .containsExactly("first", "second", "first", "second");
    }

    @Test
    void aDeadInstanceIsSkippedWithoutAFailedCall() throws Exception {
        String dead = "http://127.0.0.1:" + deadPort() + "/a2a";
        RoundRobinLoadBalancer balancer = new RoundRobinLoadBalancer(Duration.ofMinutes(5));
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(url(first), dead, url(second))))
                .loadBalancer(balancer)
                .build()
                .start();

        for (int i = 0; i < 6; i++) {
            assertThat(call().statusCode()).as("call %d", i).isEqualTo(200);
        }

        assertThat(balancer.isEjected(Endpoint.of(dead, Endpoint.JSONRPC))).isTrue();
        assertThat(served).hasSize(6).contains("first", "second");
        // Once ejected, the live instances alternate again.
        served.clear();
        assertThat(call().statusCode()).isEqualTo(200);
        assertThat(call().statusCode()).isEqualTo(200);
        assertThat(served).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void everyInstanceDeadIs502NamingTheAgentOnly() throws Exception {
        String dead1 = "http://127.0.0.1:" + deadPort() + "/a2a";
        String dead2 = "http://127.0.0.1:" + deadPort() + "/a2a";
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(dead1, dead2))).build().start();

        HttpResponse<String> response = call();

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("upstream_failed").contains(NAME.toString()).doesNotContain("127.0.0.1");
    }

    @Test
    void aBalancerAndARouteResolverGivenToTheBuilderReplaceTheDefaults() throws Exception {
        LoadBalancer last = route -> route.endpoints().get(route.endpoints().size() - 1);
        AgentRecord agent = agentAt(url(first), url(second));
        // Routes every request, whatever its path, to the agent: a header- or host-based router would look like this.
        gateway = GatewayServer.builder().lookup(new FixedLookup())
                .loadBalancer(last)
                .routeResolver(exchange -> Optional.of(new Route(agent.name(), agent.endpoints(), "/custom")))
                .build()
                .start();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/any/path"))
                    .POST(HttpRequest.BodyPublishers.ofString(CALL)).header("content-type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(served).containsExactly("second", "second", "second");
        assertThat(second.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/a2a/custom");
    }

    @Test
    void theBalancerIsDiscoveredByNameAndAMissingOneFailsFast() {
        assertThat(GatewayServer.builder().lookup(new FixedLookup())
                .config(ProviderConfig.of(java.util.Map.of(GatewayServer.LOAD_BALANCER_KEY, "round-robin")))
                .build()).isNotNull();
        assertThatThrownBy(() -> GatewayServer.builder().lookup(new FixedLookup())
                .config(ProviderConfig.of(java.util.Map.of(GatewayServer.LOAD_BALANCER_KEY, "least-latency")))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("least-latency")
                .hasMessageContaining("round-robin");
    }
}
