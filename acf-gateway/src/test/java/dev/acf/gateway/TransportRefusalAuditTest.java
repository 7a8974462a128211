package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.filter.AuditFilter;
import dev.acf.gateway.proxy.AgentPath;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refusal of the transport (before any filter) still yields exactly one audit event with its cause, and its metrics. */
class TransportRefusalAuditTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger agentCalls = new AtomicInteger();
    private MockWebServer agent;
    private GatewayServer gateway;
    private String path;

    @BeforeEach
    void start() throws IOException {
        agent = new MockWebServer();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                agentCalls.incrementAndGet();
                if (request.getTarget().endsWith("/slow")) {
                    release.await(20, TimeUnit.SECONDS);
                }
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"ok\":true}").build();
            }
        });
        agent.start();
        path = AgentPath.of(NAME);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
    }

    private void startGateway(GatewayLimits limits) {
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .limits(limits)
                .auditSink(events::add)
                .meterRegistry(registry)
                .build()
                .start();
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    private AuditEvent theOnlyEventOf(String requestId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> requestId.equals(e.requestId())));
        List<AuditEvent> matching = events.stream().filter(e -> requestId.equals(e.requestId())).toList();
        assertThat(matching).hasSize(1);
        AuditEvent event = matching.get(0);
        assertThat(event.type()).isEqualTo(AuditFilter.TYPE);
        assertThat(event.attributes()).containsEntry("refusedBy", "transport");
        return event;
    }

    private double errors(String cause) {
        var counter = registry.find(GatewayMetrics.ERRORS).tag("cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void oversizedBodyHeadersAndMalformedRequestsAreAuditedWithTheirCause() throws IOException {
        startGateway(GatewayLimits.builder().maxBodyBytes(1024).maxHeaderBytes(4096).build());
        RawHttp.Response tooLarge;
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            tooLarge = client.send("POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000000\r\n\r\n{").read();
        }
        RawHttp.Response headers;
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            headers = client.send("GET " + path + " HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(8000) + "\r\n\r\n").read();
        }
        RawHttp.Response malformed;
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            malformed = client.send("GET / HTTP/1.1\r\nHost: gw\r\nContent-Length: banana\r\n\r\n").read();
        }

        assertThat(List.of(tooLarge.status(), headers.status(), malformed.status())).containsExactly(413, 431, 400);
        AuditEvent body = theOnlyEventOf(tooLarge.header("acf-request-id"));
        assertThat(body.status()).isEqualTo(413);
        assertThat(body.outcome()).isEqualTo("payload_too_large");
        assertThat(body.method()).isEqualTo("POST");
        assertThat(body.destination()).isEqualTo(NAME.toString());
        assertThat(body.source()).isEqualTo("anonymous");
        assertThat(body.bytesIn()).isEqualTo(2_000_000);
        assertThat(theOnlyEventOf(headers.header("acf-request-id")).outcome()).isEqualTo("headers_too_large");
        assertThat(theOnlyEventOf(malformed.header("acf-request-id")).outcome()).isEqualTo("invalid_request");
        assertThat(errors("payload_too_large")).isEqualTo(1);
        assertThat(errors("headers_too_large")).isEqualTo(1);
        assertThat(registry.find(GatewayMetrics.REQUESTS).tag("status", "413").counter()).isNotNull();
        assertThat(agentCalls).hasValue(0);
    }

    @Test
    void anOverloadRefusalIsAuditedOnce() throws Exception {
        startGateway(GatewayLimits.builder().maxInFlight(1).build());
        try (RawHttp slow = RawHttp.connect(gateway.address()); RawHttp second = RawHttp.connect(gateway.address())) {
            slow.send(post(path + "/slow", CALL));
            await().atMost(Duration.ofSeconds(5)).until(() -> agentCalls.get() == 1);

            RawHttp.Response refused = second.send(post(path, CALL)).read();

            assertThat(refused.status()).isEqualTo(503);
            AuditEvent event = theOnlyEventOf(refused.header("acf-request-id"));
            assertThat(event.outcome()).isEqualTo("unavailable");
            assertThat(event.status()).isEqualTo(503);
            assertThat(event.method()).isEqualTo("POST");
            assertThat(event.destination()).isEqualTo(NAME.toString());
            release.countDown();
            assertThat(slow.read().status()).isEqualTo(200);
        }
        // The call that went through has its own, ordinary event.
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events).filteredOn(e -> e.attributes().containsKey("refusedBy")).hasSize(1);
    }

    @Test
    void aConnectionOverTheLimitIsAuditedAsAConnectionLimitRefusal() throws IOException {
        startGateway(GatewayLimits.builder().maxConnections(1).build());
        try (RawHttp first = RawHttp.connect(gateway.address())) {
            // A completed exchange proves the gateway counted this connection before the second arrives.
            assertThat(first.send(post(path, CALL)).read().status()).isEqualTo(200);
            try (RawHttp second = RawHttp.connect(gateway.address())) {
                assertThat(second.closedByPeer()).isTrue();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.outcome().equals("connection_limit")));
        assertThat(events).filteredOn(e -> e.outcome().equals("connection_limit")).singleElement()
                .satisfies(e -> assertThat(e.status()).isZero());
        assertThat(errors("connection_limit")).isEqualTo(1);
    }
}
