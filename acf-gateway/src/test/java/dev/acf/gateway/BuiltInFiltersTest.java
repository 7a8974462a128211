package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.proxy.AgentPath;
import io.micrometer.core.instrument.Counter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in observability of a gateway without identity: audit and metrics of every call, refused early or not. */
class BuiltInFiltersTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.rca.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"task-1\"}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private MockWebServer agent;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        agent = new MockWebServer();
        agent.start();
        AuditSink sink = events::add;
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .auditSink(sink)
                .filter(FilterStage.SECURITY, (exchange, chain) -> exchange.request().headers().first("x-deny").isPresent()
                        ? Exchange.Response.error(403, "permission_denied", "denied by a test filter")
                        : chain.proceed(exchange))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        http.close();
        agent.close();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyCallIsAuditedExactlyOnceWhereverItIsAnswered() throws Exception {
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"result\":{}}").build());

        assertThat(post(AgentPath.of(NAME), CALL).statusCode()).isEqualTo(200);
        assertThat(post(AgentPath.of(NAME), CALL, "x-deny", "1").statusCode()).isEqualTo(403);
        assertThat(post(AgentPath.of(NAME), "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"GetTask\"}").statusCode()).isEqualTo(400);

        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 3);
        assertThat(events).extracting(AuditEvent::status).containsExactly(200, 403, 400);
        assertThat(events).extracting(AuditEvent::requestId).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.destination()).isEqualTo(NAME.toString());
            assertThat(e.method()).isEqualTo("GetTask");
            assertThat(e.source()).isEqualTo("anonymous");
        });
        assertThat(events).extracting(AuditEvent::taskId).containsExactly("task-1", "task-1", null);
        assertThat(agent.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anonymousRefusalsAreCountedWithoutTheNamesTheyClaim() throws Exception {
        assertThat(post(AgentPath.of(AgentName.parse("ans://v9.9.9.made-up.ops.example.net")), CALL, "x-deny", "1").statusCode())
                .isEqualTo(403);

        List<Counter> refused = List.copyOf(gateway.metrics().registry().find(GatewayMetrics.REQUESTS).tag("status", "403").counters());
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).getId().getTag("target")).isEqualTo("none");
        assertThat(refused.get(0).getId().getTag("method")).isEqualTo("POST");
    }

    @Test
    void tracingRunsWithoutAnIdentity() throws Exception {
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"result\":{}}").build());

        HttpResponse<String> response = post(AgentPath.of(NAME), CALL);

        assertThat(response.headers().firstValue("traceparent")).hasValueSatisfying(t -> assertThat(t).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
        assertThat(agent.takeRequest().getHeaders().get("traceparent")).isEqualTo(response.headers().firstValue("traceparent").orElseThrow());
    }
}
