package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input and overload get a precise 4xx (or 503) with the JSON error body; never a hang or a 500. */
class LimitsTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-9\"}}";

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger agentCalls = new AtomicInteger();
    private final java.util.Set<Integer> agentConnections = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
                agentConnections.add(request.getConnectionIndex());
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
                .build()
                .start();
    }

    private static JsonNode error(RawHttp.Response response) {
        assertThat(response.header("content-type")).isEqualTo("application/json");
        return AcfJson.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("error");
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void aWellFormedCallPassesAndKeepAliveServesTheNextOnTheSameConnection() throws IOException {
        startGateway(GatewayLimits.defaults());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            assertThat(client.send(post(path, CALL)).read().status()).isEqualTo(200);
            assertThat(client.send(post(path, CALL)).read().body()).isEqualTo("{\"ok\":true}");
        }
        assertThat(agentCalls).hasValue(2);
    }

    @Test
    void upstreamConnectionsAreKeptAliveAndReused() throws IOException {
        startGateway(GatewayLimits.defaults());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.send(post(path, CALL)).read().status()).isEqualTo(200);
            }
        }
        // The first call resolves the name on a virtual thread, which takes any loop's pool; the next ones use their loop's.
        assertThat(agentConnections.size()).isBetween(1, 2);
        // Each event loop has its pool (Netty's default: two loops per core): new client connections reuse their loop's.
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < 2 * loops; i++) {
            try (RawHttp client = RawHttp.connect(gateway.address())) {
                assertThat(client.send(post(path, CALL)).read().status()).isEqualTo(200);
            }
        }
        assertThat(agentConnections.size()).isBetween(1, loops);
    }

    @Test
    void anUnreachableAgentIsA502ThatDoesNotNameItsAddress() throws IOException {
        int deadPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            deadPort = probe.getLocalPort();
        }
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + deadPort + "/a2a")))
                .build()
                .start();
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            RawHttp.Response response = client.send("GET " + path + "/tasks/1 HTTP/1.1\r\nHost: gw\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(502);
            assertThat(error(response).path("code").asText()).isEqualTo("upstream_failed");
            assertThat(response.body()).doesNotContain(String.valueOf(deadPort)).doesNotContain("127.0.0.1");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        startGateway(GatewayLimits.defaults());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            client.send(post(path, CALL) + post(path + "/missing-agent-path", CALL) + "GET /v1/nothing HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            assertThat(client.read().status()).isEqualTo(200);
            assertThat(client.read().status()).isEqualTo(404);
        }
    }

    @Test
    void oversizedBodyIs413WithoutReadingIt() throws IOException {
        startGateway(GatewayLimits.builder().maxBodyBytes(1024).build());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            RawHttp.Response response = client.send("POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000000\r\n\r\n{").read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(error(response).path("code").asText()).isEqualTo("payload_too_large");
            assertThat(response.header("connection")).isEqualTo("close");
        }
        assertThat(agentCalls).hasValue(0);
    }

    @Test
    void aClientStillSendingAnOversizedBodyReadsThe413InsteadOfAResetConnection() throws Exception {
        startGateway(GatewayLimits.builder().maxBodyBytes(64 * 1024).build());
        byte[] body = ("{\"pad\":\"" + "x".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);

        for (String framing : java.util.List.of("Content-Length: " + body.length, "Transfer-Encoding: chunked")) {
            try (Socket socket = new Socket(gateway.address().getHostString(), gateway.address().getPort())) {
                socket.setSoTimeout(10_000);
                java.io.OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                // The whole body before the answer is read, in slices a few milliseconds apart, as over a real network.
                for (int at = 0; at < body.length; at += 16 * 1024) {
                    int n = Math.min(16 * 1024, body.length - at);
                    if (framing.startsWith("Transfer")) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, at, n);
                    if (framing.startsWith("Transfer")) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                    Thread.sleep(5);
                }
                if (framing.startsWith("Transfer")) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(answer).as(framing).startsWith("HTTP/1.1 413").contains("payload_too_large").containsIgnoringCase("connection: close");
            }
        }
        assertThat(agentCalls).hasValue(0);
    }

    @Test
    void oversizedChunkedBodyIs413() throws IOException {
        startGateway(GatewayLimits.builder().maxBodyBytes(1024).build());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            String chunk = "x".repeat(800);
            RawHttp.Response response = client.send("POST " + path + " HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "320\r\n" + chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(error(response).path("code").asText()).isEqualTo("payload_too_large");
        }
    }

    @Test
    void oversizedHeadersAre431() throws IOException {
        startGateway(GatewayLimits.builder().maxHeaderBytes(4096).build());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            RawHttp.Response response = client.send("GET " + path + " HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(8000) + "\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(431);
            assertThat(error(response).path("code").asText()).isEqualTo("headers_too_large");
        }
    }

    @Test
    void malformedHttpIs400() throws IOException {
        startGateway(GatewayLimits.defaults());
        for (String garbage : new String[] {"HELLO\r\n\r\n", "GET / HTTP/1.1\r\nHost: gw\r\nNo colon here\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: gw\r\nContent-Length: banana\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
                "GET /\u0001 HTTP/9.9\r\n\r\n"}) {
            try (RawHttp client = RawHttp.connect(gateway.address())) {
                RawHttp.Response response = client.send(garbage).read();

                assertThat(response.status()).as(garbage).isEqualTo(400);
                assertThat(error(response).path("code").asText()).isEqualTo("invalid_request");
                assertThat(client.closedByPeer()).isTrue();
            }
        }
    }

    @Test
    void badJsonRpcIs400WithAJsonRpcAwareBody() throws IOException {
        startGateway(GatewayLimits.defaults());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            RawHttp.Response wrongVersion = client.send(post(path, "{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"GetTask\"}")).read();
            RawHttp.Response notJson = client.send(post(path, "{\"jsonrpc\":")).read();
            RawHttp.Response noMethod = client.send(post(path, "{\"jsonrpc\":\"2.0\",\"id\":\"a\"}")).read();
            RawHttp.Response batch = client.send(post(path, "[" + CALL + "]")).read();

            assertThat(wrongVersion.status()).isEqualTo(400);
            JsonNode body = AcfJson.readTree(wrongVersion.body().getBytes(StandardCharsets.UTF_8));
            assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(body.path("id").asInt()).isEqualTo(3);
            assertThat(body.path("error").path("code").asText()).isEqualTo("invalid_request");
            assertThat(body.path("error").path("rpcCode").asInt()).isEqualTo(-32600);
            assertThat(body.path("error").path("requestId").asText()).isEqualTo(wrongVersion.header("acf-request-id"));
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(error(notJson).path("code").asText()).isEqualTo("malformed_json");
            assertThat(error(notJson).path("rpcCode").asInt()).isEqualTo(-32700);
            assertThat(noMethod.status()).isEqualTo(400);
            assertThat(batch.status()).isEqualTo(400);
        }
        assertThat(agentCalls).hasValue(0);
    }

    @Test
    void aClientThatSendsItsHeadersSlowlyIsCutOff() throws IOException {
        startGateway(GatewayLimits.builder().requestReadTimeout(Duration.ofMillis(400)).idleTimeout(Duration.ofMinutes(5)).build());
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: gw\r\nX-Slow: " + "z".repeat(500) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            AtomicInteger sent = new AtomicInteger();
            drip.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                if (i < request.length) {
                    try {
                        client.socket.getOutputStream().write(request[i]);
                    } catch (IOException closed) {
                        throw new IllegalStateException(closed);
                    }
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();

            RawHttp.Response response = client.read();

            assertThat(response.status()).isEqualTo(408);
            assertThat(error(response).path("code").asText()).isEqualTo("request_timeout");
            assertThat(client.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(sent.get()).isLessThan(request.length);
        } finally {
            drip.shutdownNow();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws IOException {
        startGateway(GatewayLimits.builder().idleTimeout(Duration.ofMillis(300)).build());
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            assertThat(client.send(post(path, CALL)).read().status()).isEqualTo(200);
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void requestsBeyondTheInFlightLimitAre503() throws Exception {
        startGateway(GatewayLimits.builder().maxInFlight(1).build());
        try (RawHttp slow = RawHttp.connect(gateway.address()); RawHttp second = RawHttp.connect(gateway.address())) {
            slow.send(post(path + "/slow", CALL));
            await().atMost(Duration.ofSeconds(5)).until(() -> agentCalls.get() == 1);

            RawHttp.Response refused = second.send(post(path, CALL)).read();

            assertThat(refused.status()).isEqualTo(503);
            assertThat(error(refused).path("code").asText()).isEqualTo("unavailable");
            release.countDown();
            assertThat(slow.read().status()).isEqualTo(200);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws IOException {
        startGateway(GatewayLimits.builder().maxConnections(1).build());
        try (RawHttp first = RawHttp.connect(gateway.address())) {
            // A completed exchange proves the gateway counted this connection before the second arrives;
            // two bare connects may be accepted by different event loops in either order.
            assertThat(first.send(post(path, CALL)).read().status()).isEqualTo(200);
            try (RawHttp second = RawHttp.connect(gateway.address())) {
                assertThat(second.closedByPeer()).isTrue();
            }
            assertThat(first.send(post(path, CALL)).read().status()).isEqualTo(200);
        }
    }

    @Test
    void closeDrainsAnInFlightRequestAndRefusesNewConnections() throws Exception {
        startGateway(GatewayLimits.defaults());
        try (RawHttp inFlight = RawHttp.connect(gateway.address())) {
            inFlight.send(post(path + "/slow", CALL));
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.inFlight() == 1 && agentCalls.get() == 1);
            Thread closer = Thread.ofPlatform().start(gateway::close);

            await().atMost(Duration.ofSeconds(5)).until(() -> refusesConnections(gateway));
            assertThat(closer.isAlive()).as("close() waits for the in-flight request").isTrue();
            release.countDown();

            RawHttp.Response response = inFlight.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"ok\":true}");
            assertThat(response.header("connection")).isEqualTo("close");
            closer.join(10_000);
            assertThat(closer.isAlive()).isFalse();
        }
    }

    private static boolean refusesConnections(GatewayServer gateway) {
        try (Socket s = new Socket(gateway.address().getAddress(), gateway.address().getPort())) {
            return !s.isConnected();
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
