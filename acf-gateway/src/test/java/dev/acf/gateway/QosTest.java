package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.QosClass;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.testkit.MutableClock;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.qos.ClassLimits;
import dev.acf.gateway.qos.QosFilter;
import dev.acf.gateway.qos.QosSettings;
import dev.acf.gateway.qos.RateLimit;
import dev.acf.gateway.qos.RuleQosPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * QoS admission over real sockets with a slow real agent: classes keep CRITICAL flowing while
 * BULK floods, queues are bounded, rate limits answer 429 and recover, permits come back on
 * every path. Everything is asserted by counts; the agent holds calls until the test lets go.
 */
class QosTest {
    static final AgentName ALPHA = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    static final AgentName BETA = AgentName.parse("ans://v1.0.0.beta.ops.example.net");

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger agentCalls = new AtomicInteger();
    private final List<RawHttp> clients = new ArrayList<>();
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private MockWebServer agent;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws IOException {
        agent = new MockWebServer();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                agentCalls.incrementAndGet();
                String body = request.getBody() == null ? "" : request.getBody().utf8();
                if (body.contains("\"hold\"")) {
                    held.incrementAndGet();
                    release.await(20, TimeUnit.SECONDS);
                }
                return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}").build();
            }
        });
        agent.start();
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        for (RawHttp c : clients) {
            c.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
    }

    private void startGateway(QosSettings qos, GatewayLimits limits) {
        String url = "http://127.0.0.1:" + agent.getPort() + "/a2a";
        gateway = GatewayServer.builder()
                .auditSink(events::add)
                .lookup(new FixedLookup(AnsFixture.record(ALPHA, url), AnsFixture.record(BETA, url)))
                .limits(limits)
                .qos(qos)
                .qosPolicy(RuleQosPolicy.builder()
                        .rule(RuleQosPolicy.Rule.parse("CRITICAL method=CancelTask"))
                        .rule(RuleQosPolicy.Rule.parse("BULK method=ListTasks"))
                        .build())
                .build()
                .start();
    }

    private void startGateway(QosSettings qos) {
        startGateway(qos, GatewayLimits.defaults());
    }

    private static QosSettings bulk(int maxConcurrent, int maxQueue) {
        return QosSettings.defaults().toBuilder()
                .limits(QosClass.BULK, new ClassLimits(maxConcurrent, maxQueue, Duration.ofSeconds(30), Duration.ZERO, 1.0))
                .build();
    }

    /** A JSON-RPC call; {@code hold} makes the agent keep it until the test releases it. */
    private static String call(AgentName target, String method, boolean hold, String... headers) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"c-1\",\"method\":\"" + method + "\",\"params\":{\"id\":\"" + (hold ? "hold" : "t")
                + "\"}}";
        return "POST " + AgentPath.of(target) + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n" + String.join("", headers)
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private RawHttp open() throws IOException {
        RawHttp c = RawHttp.connect(gateway.address());
        clients.add(c);
        return c;
    }

    private RawHttp.Response exchange(String request) throws IOException {
        try (RawHttp c = RawHttp.connect(gateway.address())) {
            return c.send(request).read();
        }
    }

    private MeterRegistry meters() {
        return gateway.metrics().registry();
    }

    private double gauge(String name, QosClass c) {
        return meters().get(name).tag("class", c.name().toLowerCase(java.util.Locale.ROOT)).gauge().value();
    }

    private double rejected(QosClass c, String reason) {
        return meters().get(QosFilter.REJECTED).tag("class", c.name().toLowerCase(java.util.Locale.ROOT)).tag("reason", reason)
                .counter().count();
    }

    @Test
    void criticalCallsAllSucceedWhileBulkFloodsBeyondItsLimitAndItsQueue() throws IOException {
        startGateway(bulk(2, 2));
        List<RawHttp> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(open().send(call(ALPHA, "ListTasks", true)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 2);
        List<RawHttp> queued = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            queued.add(open().send(call(ALPHA, "ListTasks", true)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(QosFilter.QUEUED, QosClass.BULK) == 2);

        int bulkShed = 0;
        for (int i = 0; i < 6; i++) {
            RawHttp.Response r = exchange(call(ALPHA, "ListTasks", true));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("retry-after")).isEqualTo("1");
            assertThat(r.header(QosFilter.REASON_HEADER)).isEqualTo("queue_full");
            JsonNode body = AcfJson.readTree(r.body().getBytes(StandardCharsets.UTF_8));
            assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(body.path("id").asText()).isEqualTo("c-1");
            assertThat(body.path("error").path("code").asText()).isEqualTo("unavailable");
            bulkShed++;
        }
        int criticalOk = 0;
        int standardOk = 0;
        for (int i = 0; i < 20; i++) {
            criticalOk += exchange(call(ALPHA, "CancelTask", false)).status() == 200 ? 1 : 0;
            standardOk += exchange(call(ALPHA, "GetTask", false)).status() == 200 ? 1 : 0;
        }

        assertThat(criticalOk).isEqualTo(20);
        assertThat(standardOk).isEqualTo(20);
        assertThat(bulkShed).isEqualTo(6);
        assertThat(rejected(QosClass.BULK, "queue_full")).isEqualTo(6.0);
        assertThat(events).filteredOn(e -> "queue_full".equals(e.attributes().get("qosReason")))
                .hasSize(6)
                .allSatisfy(e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.outcome()).isEqualTo("unavailable");
                    assertThat(e.attributes()).containsEntry("qosClass", "bulk");
                    assertThat(e.method()).isEqualTo("ListTasks");
                });
        assertThat(held).hasValue(2);
        release.countDown();
        // The queued waiters resume as permits free: every admitted BULK call completes.
        for (RawHttp c : running) {
            assertThat(c.read().status()).isEqualTo(200);
        }
        for (RawHttp c : queued) {
            assertThat(c.read().status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(QosFilter.INFLIGHT, QosClass.BULK) == 0);
        assertThat(gauge(QosFilter.QUEUED, QosClass.BULK)).isZero();
    }

    @Test
    void bulkIsShedFirstWhenTheGatewayIsOccupied() throws IOException {
        // Capacity 4: BULK is admitted below 2 occupied, STANDARD below 3, CRITICAL always.
        QosSettings qos = QosSettings.defaults().toBuilder().capacity(4)
                .limits(QosClass.BULK, new ClassLimits(8, 8, Duration.ofSeconds(30), Duration.ZERO, 0.5))
                .limits(QosClass.STANDARD, new ClassLimits(8, 8, Duration.ofSeconds(30), Duration.ZERO, 0.75))
                .build();
        startGateway(qos);
        open().send(call(ALPHA, "GetTask", true));
        open().send(call(ALPHA, "GetTask", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 2);

        RawHttp.Response bulk = exchange(call(ALPHA, "ListTasks", false));
        RawHttp.Response standard = exchange(call(ALPHA, "GetTask", false));
        open().send(call(ALPHA, "GetTask", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 3);
        RawHttp.Response standardOver = exchange(call(ALPHA, "GetTask", false));
        RawHttp.Response critical = exchange(call(ALPHA, "CancelTask", false));

        assertThat(bulk.status()).isEqualTo(503);
        assertThat(bulk.header(QosFilter.REASON_HEADER)).isEqualTo("overload");
        assertThat(standard.status()).isEqualTo(200);
        assertThat(standardOver.status()).isEqualTo(503);
        assertThat(critical.status()).isEqualTo(200);
        assertThat(rejected(QosClass.BULK, "overload")).isEqualTo(1.0);
        assertThat(rejected(QosClass.STANDARD, "overload")).isEqualTo(1.0);
    }

    @Test
    void aQueueWhoseLastWaitWasOverTheTargetShedsNewArrivalsUntilItDrains() throws IOException {
        QosSettings qos = QosSettings.defaults().toBuilder()
                .limits(QosClass.BULK, new ClassLimits(1, 4, Duration.ofMillis(100), Duration.ofMillis(1), 1.0))
                .build();
        startGateway(qos);
        RawHttp running = open().send(call(ALPHA, "ListTasks", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1);

        RawHttp.Response timedOut = exchange(call(ALPHA, "ListTasks", false));
        RawHttp.Response shed = exchange(call(ALPHA, "ListTasks", false));

        assertThat(timedOut.status()).isEqualTo(503);
        assertThat(timedOut.header(QosFilter.REASON_HEADER)).isEqualTo("queue_timeout");
        assertThat(shed.status()).isEqualTo(503);
        assertThat(shed.header(QosFilter.REASON_HEADER)).isEqualTo("queue_delay");
        release.countDown();
        assertThat(running.read().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(QosFilter.INFLIGHT, QosClass.BULK) == 0);
        assertThat(exchange(call(ALPHA, "ListTasks", false)).status()).isEqualTo(200);
    }

    @Test
    void aCallerOverItsRateGets429AfterTheBurstAndRecoversAsTokensRefill() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        startGateway(QosSettings.defaults().toBuilder().callerRate(new RateLimit(1, 3)).clock(clock).build());
        for (int i = 0; i < 3; i++) {
            assertThat(exchange(call(ALPHA, "GetTask", false)).status()).isEqualTo(200);
        }
        RawHttp.Response limited = exchange(call(ALPHA, "GetTask", false));
        RawHttp.Response plain = exchange("GET " + AgentPath.of(BETA) + "/.well-known/agent-card.json HTTP/1.1\r\nHost: gw\r\n\r\n");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("1");
        assertThat(limited.header(QosFilter.REASON_HEADER)).isEqualTo("caller_rate");
        assertThat(AcfJson.readTree(limited.body().getBytes(StandardCharsets.UTF_8)).path("error").path("code").asText())
                .isEqualTo("rate_limited");
        assertThat(plain.status()).as("the caller's bucket counts every request").isEqualTo(429);
        assertThat(AcfJson.readTree(plain.body().getBytes(StandardCharsets.UTF_8)).has("jsonrpc")).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(exchange(call(ALPHA, "GetTask", false)).status()).isEqualTo(200);
        assertThat(exchange(call(ALPHA, "GetTask", false)).status()).isEqualTo(429);
        assertThat(rejected(QosClass.STANDARD, "caller_rate")).isEqualTo(3.0);
    }

    @Test
    void eachTargetHasItsOwnRateLimit() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        startGateway(QosSettings.defaults().toBuilder().targetRate(new RateLimit(0.5, 2)).clock(clock).build());

        List<Integer> alpha = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alpha.add(exchange(call(ALPHA, "GetTask", false)).status());
        }
        RawHttp.Response beta = exchange(call(BETA, "GetTask", false));
        RawHttp.Response alphaAgain = exchange(call(ALPHA, "GetTask", false));

        assertThat(alpha).containsExactly(200, 200, 429);
        assertThat(beta.status()).isEqualTo(200);
        assertThat(alphaAgain.header("retry-after")).isEqualTo("2");
        assertThat(alphaAgain.header(QosFilter.REASON_HEADER)).isEqualTo("target_rate");
        clock.advance(Duration.ofSeconds(2));
        assertThat(exchange(call(ALPHA, "GetTask", false)).status()).isEqualTo(200);
    }

    @Test
    void permitsComeBackAfterUpstreamErrorsFailingFiltersAndClientDisconnects() throws IOException {
        int deadPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            deadPort = probe.getLocalPort();
        }
        AgentName dead = AgentName.parse("ans://v1.0.0.dead.ops.example.net");
        String url = "http://127.0.0.1:" + agent.getPort() + "/a2a";
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(ALPHA, url), AnsFixture.record(dead, "http://127.0.0.1:" + deadPort + "/a2a")))
                .qos(bulk(1, 0))
                .qosPolicy(exchange -> QosClass.BULK)
                .filter(FilterStage.INSPECTION, (exchange, chain) -> {
                    if (exchange.request().headers().first("x-fail").isPresent()) {
                        throw new IllegalStateException("a filter after QoS failed");
                    }
                    return chain.proceed(exchange);
                })
                .build()
                .start();

        assertThat(exchange(call(dead, "GetTask", false)).status()).isEqualTo(502);
        assertThat(exchange(call(ALPHA, "GetTask", false, "x-fail: yes\r\n")).status()).isEqualTo(500);
        RawHttp gone = RawHttp.connect(gateway.address()).send(call(ALPHA, "GetTask", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1);
        assertThat(exchange(call(ALPHA, "GetTask", false)).status()).as("the one permit is taken").isEqualTo(503);
        gone.close();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge(QosFilter.INFLIGHT, QosClass.BULK) == 0);

        int ok = 0;
        for (int i = 0; i < 5; i++) {
            ok += exchange(call(ALPHA, "GetTask", false)).status() == 200 ? 1 : 0;
        }
        assertThat(ok).isEqualTo(5);
        assertThat(gauge(QosFilter.INFLIGHT, QosClass.BULK)).isZero();
        assertThat(rejected(QosClass.BULK, "queue_full")).isEqualTo(1.0);
    }

    @Test
    void aCallerCannotRaiseItsClassByHeaderButMayLowerIt() throws IOException {
        startGateway(bulk(1, 0));
        open().send(call(ALPHA, "GetTask", true, "x-acf-priority: bulk\r\n"));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1);

        RawHttp.Response lowered = exchange(call(ALPHA, "GetTask", false, "x-acf-priority: bulk\r\n"));
        RawHttp.Response raised = exchange(call(ALPHA, "ListTasks", false, "x-acf-priority: critical\r\n"));

        assertThat(lowered.status()).isEqualTo(503);
        assertThat(lowered.header(QosFilter.CLASS_HEADER)).isEqualTo("bulk");
        assertThat(raised.status()).as("an anonymous caller's header cannot lift it out of BULK").isEqualTo(503);
        assertThat(raised.header(QosFilter.CLASS_HEADER)).isEqualTo("bulk");
    }

    @Test
    void qosCanBeSwitchedOffAndIsConfigurableByKeys() throws IOException {
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(ALPHA, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .config(dev.acf.api.spi.ProviderConfig.of(java.util.Map.of("qos.enabled", "false")))
                .build()
                .start();
        assertThat(gateway.filters()).noneMatch(f -> f instanceof QosFilter);
        gateway.close();

        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(ALPHA, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .config(dev.acf.api.spi.ProviderConfig.of(java.util.Map.of("qos.rules", "BULK method=GetTask", "qos.bulk.maxConcurrent", "1",
                        "qos.bulk.maxQueue", "0")))
                .build()
                .start();
        open().send(call(ALPHA, "GetTask", true));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1);
        RawHttp.Response refused = exchange(call(ALPHA, "GetTask", false));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header(QosFilter.CLASS_HEADER)).isEqualTo("bulk");
    }
}
