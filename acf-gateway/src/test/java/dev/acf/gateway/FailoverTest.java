package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.name.AgentName;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.balance.HealthCheck;
import dev.acf.gateway.balance.OutlierDetection;
import dev.acf.gateway.balance.PeakEwmaLoadBalancer;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.proxy.AgentProxy;
import dev.acf.gateway.proxy.UpstreamPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover across an agent's instances on real sockets (GW-FWD-2, GW-HA-1): a killed instance costs
 * idempotent callers nothing, a call that may have reached an instance is never sent twice, and
 * breakers and the retry budget bound what failures cost the agents.
 */
class FailoverTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private GatewayServer gateway;

    @AfterEach
    void stop() throws Exception {
        callers.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
        http.close();
    }

    private CountingAgent agent(String label) throws IOException {
        CountingAgent a = new CountingAgent(label);
        closing.add(a);
        return a;
    }

    private static AgentRecord agentAt(String... urls) {
        return AnsFixture.record(NAME, urls[0]).toBuilder()
                .endpoints(Arrays.stream(urls).map(u -> Endpoint.of(u, Endpoint.JSONRPC)).toList())
                .build();
    }

    private static String rpc(String method, String id) {
        String params = method.equals("message/send")
                ? "{\"message\":{\"role\":\"user\",\"messageId\":\"" + id + "\",\"parts\":[{\"kind\":\"text\",\"text\":\"hi\"}]}}"
                : "{\"id\":\"t-1\"}";
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private HttpResponse<String> call(String method, String id) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .POST(HttpRequest.BodyPublishers.ofString(rpc(method, id))).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anInstanceKilledUnderLoadIsEjectedNoIdempotentCallFailsAndItIsReadmittedOnceBack() throws Exception {
        CountingAgent a = agent("a");
        CountingAgent b = agent("b");
        CountingAgent c = agent("c");
        PeakEwmaLoadBalancer balancer = PeakEwmaLoadBalancer.builder()
                .outlierDetection(new OutlierDetection(3, Duration.ofMinutes(1), Duration.ofMinutes(5), 0.5))
                .healthCheck(HealthCheck.tcp(Duration.ofMillis(100)))
                .build();
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(a.url(), b.url(), c.url())))
                .loadBalancer(balancer).build().start();
        Endpoint killed = Endpoint.of(b.url(), Endpoint.JSONRPC);
        AtomicInteger done = new AtomicInteger();
        Map<Integer, Integer> failures = new ConcurrentHashMap<>();
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            load.add(callers.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    HttpResponse<String> r = call("tasks/get", "g-" + i);
                    if (r.statusCode() != 200) {
                        failures.merge(r.statusCode(), 1, Integer::sum);
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> done.get() >= 150);
        b.kill();
        for (Future<?> f : load) {
            f.get(60, TimeUnit.SECONDS);
        }

        assertThat(failures).as("statuses other than 200 seen by callers").isEmpty();
        // Out of rotation by whichever comes first: three failed calls (an ejection) or two failed
        // probes 100 ms apart; on a slow machine the probes can win, so the ejection count is not asserted here
        // (PeakEwmaLoadBalancerTest counts passive ejections on their own).
        assertThat(balancer.isEjected(killed)).isTrue();
        int servedByB = b.received.get();
        for (int i = 0; i < 20; i++) {
            assertThat(call("tasks/get", "after-" + i).statusCode()).isEqualTo(200);
        }
        assertThat(b.received.get()).isEqualTo(servedByB);

        b.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> !balancer.isEjected(killed));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            call("tasks/get", "back");
            return b.received.get() > servedByB;
        });
    }

    @Test
    void aMessageThatReachedAnInstanceIsNeverSentTwiceButAnIdempotentReadMovesOn() throws Exception {
        DyingAgent dying = new DyingAgent();
        closing.add(dying);
        CountingAgent healthy = agent("healthy");
        // The first candidate always: the dying instance is tried first, the healthy one only on a retry.
        LoadBalancer firstFirst = route -> route.endpoints().get(0);
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(dying.url(), healthy.url())))
                .loadBalancer(firstFirst).build().start();

        HttpResponse<String> sent = call("message/send", "m-1");

        assertThat(sent.statusCode()).isEqualTo(502);
        assertThat(sent.body()).contains("upstream_failed");
        assertThat(dying.received("m-1")).isEqualTo(1);
        assertThat(healthy.received("m-1")).isZero();

        HttpResponse<String> read = call("tasks/get", "g-1");

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(dying.received("g-1")).isEqualTo(1);
        assertThat(healthy.received("g-1")).isEqualTo(1);
    }

    @Test
    void aMessageRefusedAtConnectIsSentToAnotherInstanceOnce() throws Exception {
        int dead;
        try (ServerSocket probe = new ServerSocket(0)) {
            dead = probe.getLocalPort();
        }
        CountingAgent healthy = agent("healthy");
        LoadBalancer firstFirst = route -> route.endpoints().get(0);
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt("http://127.0.0.1:" + dead + "/a2a", healthy.url())))
                .loadBalancer(firstFirst).build().start();

        HttpResponse<String> sent = call("message/send", "m-1");

        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(healthy.received("m-1")).isEqualTo(1);
    }

    @Test
    void underTheDefaultBalancerEveryMessageReachesExactlyOneInstance() throws Exception {
        DyingAgent dying = new DyingAgent();
        closing.add(dying);
        CountingAgent b = agent("b");
        CountingAgent c = agent("c");
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(dying.url(), b.url(), c.url()))).build().start();
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "m-" + i;
            sends.add(callers.submit(() -> statuses.put(id, call("message/send", id).statusCode())));
        }
        for (Future<?> f : sends) {
            f.get(30, TimeUnit.SECONDS);
        }

        assertThat(statuses).as("messages the dying instance took").containsValue(502);
        statuses.forEach((id, status) -> {
            int atHealthy = b.received(id) + c.received(id);
            assertThat(dying.received(id) + atHealthy).as("copies of %s received", id).isEqualTo(1);
            assertThat(status).as("status of %s", id).isEqualTo(atHealthy == 1 ? 200 : 502);
        });
    }

    @Test
    void aFastInstanceGetsMostCallsOverASlowOne() throws Exception {
        CountingAgent fast = agent("fast");
        CountingAgent slow = agent("slow");
        // Far slower than any scheduling delay of a loaded 2-core machine, so the fast one measures faster.
        slow.behaviour = body -> {
            Thread.sleep(250);
            return 200;
        };
        PeakEwmaLoadBalancer balancer = PeakEwmaLoadBalancer.builder().healthCheck(HealthCheck.disabled()).build();
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(slow.url(), fast.url()))).loadBalancer(balancer).build().start();

        for (int i = 0; i < 60; i++) {
            assertThat(call("tasks/get", "g-" + i).statusCode()).isEqualTo(200);
        }

        assertThat(fast.received.get()).as("calls to the fast instance").isGreaterThan(3 * slow.received.get());
        assertThat(balancer.latencyEstimate(Endpoint.of(slow.url(), Endpoint.JSONRPC)))
                .isGreaterThan(balancer.latencyEstimate(Endpoint.of(fast.url(), Endpoint.JSONRPC)));
    }

    @Test
    void theBreakerOpensAtMaxConcurrentRequestsWithAFast503() throws Exception {
        CountingAgent only = agent("only");
        CountDownLatch release = new CountDownLatch(1);
        only.behaviour = body -> {
            release.await();
            return 200;
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(only.url())))
                .config(ProviderConfig.of(Map.of(UpstreamPolicy.MAX_REQUESTS, "2")))
                .meterRegistry(meters).build().start();
        Future<HttpResponse<String>> first = callers.submit(() -> call("tasks/get", "g-1"));
        Future<HttpResponse<String>> second = callers.submit(() -> call("tasks/get", "g-2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> only.received.get() == 2);

        HttpResponse<String> third = call("tasks/get", "g-3");

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).contains("circuit_open").doesNotContain("127.0.0.1");
        assertThat(only.received.get()).isEqualTo(2);
        assertThat(meters.get(AgentProxy.BREAKER_OPEN).tag("limit", "requests").functionCounter().count()).isEqualTo(1);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void theRetryBudgetCapsRetriesWhenEveryInstanceFails() throws Exception {
        int wave = 10;
        CountDownLatch firstWave = new CountDownLatch(wave);
        CountDownLatch releaseRetries = new CountDownLatch(1);
        AtomicInteger arrivals = new AtomicInteger();
        AtomicInteger heldRetries = new AtomicInteger();
        CountingAgent.Behaviour failing = body -> {
            if (arrivals.incrementAndGet() <= wave) {
                firstWave.countDown();
                firstWave.await();
            } else {
                heldRetries.incrementAndGet();
                releaseRetries.await();
            }
            return 503;
        };
        CountingAgent a = agent("a");
        CountingAgent b = agent("b");
        CountingAgent c = agent("c");
        a.behaviour = failing;
        b.behaviour = failing;
        c.behaviour = failing;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // No floor: the budget is a fifth of the calls in progress, 2 of 10.
        gateway = GatewayServer.builder().lookup(new FixedLookup(agentAt(a.url(), b.url(), c.url())))
                .loadBalancer(PeakEwmaLoadBalancer.builder().healthCheck(HealthCheck.disabled()).build())
                .config(ProviderConfig.of(Map.of(UpstreamPolicy.MIN_RETRY_CONCURRENCY, "0", UpstreamPolicy.RETRY_BUDGET_PERCENT, "20")))
                .meterRegistry(meters).build().start();
        AtomicInteger answered = new AtomicInteger();
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < wave; i++) {
            String id = "g-" + i;
            calls.add(callers.submit(() -> {
                int status = call("tasks/get", id).statusCode();
                answered.incrementAndGet();
                return status;
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() + heldRetries.get() == wave);
        releaseRetries.countDown();
        for (Future<Integer> f : calls) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(503);
        }

        int hits = a.received.get() + b.received.get() + c.received.get();
        assertThat(hits).as("calls the agents received").isBetween(wave, wave + 2);
        assertThat(meters.get(AgentProxy.RETRIES_DENIED).functionCounter().count()).isGreaterThanOrEqualTo(wave - 2);
    }

    /** An instance that reads each request whole, counts it and then dies without answering (a reset). */
    static final class DyingAgent implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();
        private final Thread acceptor;

        DyingAgent() throws IOException {
            acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int ch = in.read();
                    if (ch < 0) {
                        return;
                    }
                    head.append((char) ch);
                }
                int length = 0;
                for (String line : head.toString().split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
                if (m.find()) {
                    byId.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
                }
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // the connection is gone either way
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/a2a";
        }

        int received(String id) {
            AtomicInteger n = byId.get(id);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
