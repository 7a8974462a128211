package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.resolve.RerankerProvider;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat-completions reranker against a local server speaking that API. */
class ChatCompletionsRerankerTest {
    static final List<ResolveResult> CANDIDATES = List.of(
            result("home-broadband", "Home Broadband Agent", "Repairs unstable home broadband.", "bb-diagnose"),
            result("billing", "Billing Agent", "Explains bills and refunds.", "bill-explain"),
            result("wireless", "Wireless Optimization Agent", "Fixes poor mobile signal.", "coverage"));

    private HttpServer server;
    private final AtomicReference<String> reply = new AtomicReference<>();
    private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                lastRequest.set(AcfJson.readTree(exchange.getRequestBody().readAllBytes()));
                lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                if (hang) {
                    release.await(30, TimeUnit.SECONDS);
                }
                byte[] body = AcfJson.writeBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion",
                        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply.get()), "finish_reason", "stop"))));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    }

    @Test
    void candidatesComeBackInTheModelsOrderAndUnrankedOnesAreDropped() {
        reply.set("{\"ranking\": [3, 1]}");
        ChatCompletionsReranker reranker = ChatCompletionsReranker.builder(endpoint(), "test-model").apiKey("sk-test-key").build();

        List<ResolveResult> out = reranker.rerank("no signal on my phone and slow internet", CANDIDATES);

        assertThat(out).containsExactly(CANDIDATES.get(2), CANDIDATES.get(0));
        JsonNode request = lastRequest.get();
        assertThat(request.path("model").asText()).isEqualTo("test-model");
        assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
        String user = request.path("messages").get(1).path("content").asText();
        assertThat(user).contains("no signal on my phone and slow internet", "1. Home Broadband Agent (skill bb-diagnose)", "3. Wireless Optimization Agent");
        assertThat(lastAuthorization.get()).isEqualTo("Bearer sk-test-key");
    }

    @Test
    void rankingWrappedInProseOrAFenceIsReadAndNonsenseNumbersIgnored() {
        reply.set("Sure! Here it is:\n```json\n{\"ranking\": [2, 2, 9, 0, \"x\", 1]}\n```");

        List<ResolveResult> out = ChatCompletionsReranker.builder(endpoint(), "m").build().rerank("my bill", CANDIDATES);

        assertThat(out).containsExactly(CANDIDATES.get(1), CANDIDATES.get(0));
        assertThat(lastAuthorization.get()).isNull();
    }

    @Test
    void answerWithoutARankingIsAFailure() {
        reply.set("I would pick the second agent.");

        assertThatThrownBy(() -> ChatCompletionsReranker.builder(endpoint(), "m").build().rerank("my bill", CANDIDATES))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("ranking");
    }

    @Test
    void slowEndpointTimesOut() {
        hang = true;
        reply.set("{\"ranking\": [1]}");
        ChatCompletionsReranker reranker = ChatCompletionsReranker.builder(endpoint(), "m").timeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> reranker.rerank("my bill", CANDIDATES))
                .isInstanceOfSatisfying(UnavailableException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void providerBuildsItFromSettingsAndRefusesIncompleteOnes() {
        reply.set("{\"ranking\": [2]}");
        RerankerProvider provider = ExtensionLoader.select(RerankerProvider.class, getClass().getClassLoader(), "chat-completions");

        assertThat(provider.create(ProviderConfig.of(Map.of("url", endpoint().toString(), "model", "m", "timeout", "1s")))
                .rerank("my bill", CANDIDATES)).containsExactly(CANDIDATES.get(1));
        assertThatThrownBy(() -> provider.create(ProviderConfig.of(Map.of("model", "m")))).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> provider.create(ProviderConfig.of(Map.of("url", "ftp://x/", "model", "m")))).isInstanceOf(ConfigurationException.class);
    }

    private static ResolveResult result(String id, String title, String description, String skill) {
        var record = LuceneAgentIndexTest.record(id, "ops.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, title, description, skill, "t");
        return new ResolveResult(record.name(), 0.5, skill, record);
    }
}
