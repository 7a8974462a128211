package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.ans.resolve.ChatCompletionsReranker;
import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.api.resolve.Reranker;
import dev.acf.api.resolve.ResolveResult;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import dev.acf.client.jws.SignatureVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/resolve} over real HTTP: the index follows registrations, revocations and restarts (ANS-RES-2..4). */
class SemanticResolutionTest {
    static final String TOKEN = "fleet-bootstrap-token-0001";
    static final String ADMIN = "admin-token-0123456789abcdef";
    /** One embedder for every server of the run: the model loads once. */
    static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();

    @TempDir
    Path data;

    private AnsServer ans;
    private AnsHttp http;

    private void start() {
        start(AnsServer.builder().embedder(EMBEDDER));
    }

    private void start(AnsServer.Builder builder) {
        ans = builder.domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .adminToken(ADMIN)
                .build()
                .start();
        http = new AnsHttp(ans.baseUri());
    }

    private void restart() {
        ans.close();
        start();
    }

    @AfterEach
    void stop() {
        if (ans != null) {
            ans.close();
        }
    }

    private void register(AgentName... names) {
        for (AgentName name : names) {
            assertThat(http.post("/v1/agents", TOKEN, TelecomAgents.registration(name, TestCsr.ecKey())).status()).as(name.toString()).isEqualTo(201);
        }
    }

    private void registerAll() {
        register(TelecomAgents.BROADBAND, TelecomAgents.WIRELESS, TelecomAgents.BILLING, TelecomAgents.INSTALLATION);
    }

    private AnsHttp.Answer resolve(String query, int limit, Map<String, Object> filters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("limit", limit);
        body.put("filters", filters);
        return http.post("/v1/resolve", null, body);
    }

    private List<String> names(String query, int limit) {
        return names(query, limit, Map.of());
    }

    private List<String> names(String query, int limit, Map<String, Object> filters) {
        AnsHttp.Answer answer = resolve(query, limit, filters);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        answer.json().path("results").forEach(r -> out.add(r.path("name").asText()));
        return out;
    }

    @Test
    void registeredAgentsAreFoundByIntentAtOnceInASignedAnswer() {
        start();
        registerAll();

        AnsHttp.Answer answer = resolve(TelecomAgents.DRAFT_INTENT, 3, Map.of());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.path("query").asText()).isEqualTo(TelecomAgents.DRAFT_INTENT);
        assertThat(json.path("mode").asText()).isEqualTo("hybrid");
        List<String> top = new ArrayList<>();
        json.path("results").forEach(r -> top.add(r.path("name").asText()));
        assertThat(top).hasSizeLessThanOrEqualTo(3).contains(TelecomAgents.BROADBAND.toString(), TelecomAgents.WIRELESS.toString());
        JsonNode broadband = find(json, TelecomAgents.BROADBAND);
        assertThat(broadband.path("skill").asText()).isEqualTo("broadband-diagnose");
        assertThat(broadband.path("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(broadband.path("agent").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(broadband.path("agent").path("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        SignatureVerifier verifier = SignatureVerifier.fromJwksJson(http.get("/.well-known/ans").text());
        assertThat(verifier.verify(answer.header("ACF-Signature"), answer.raw().body()).keyId()).isEqualTo(ans.signer().currentKeyId());
    }

    @Test
    void adminRevocationRemovesTheAgentFromTheVeryNextAnswer() {
        start();
        registerAll();
        assertThat(names("unstable broadband at home", 5)).contains(TelecomAgents.BROADBAND.toString());

        AnsHttp.Answer revoked = http.post("/v1/agents/" + AnsHttp.encode(TelecomAgents.BROADBAND.toString()) + "/revocation", ADMIN,
                Map.of("reason", "keyCompromise"));
        assertThat(revoked.status()).isEqualTo(200);

        List<String> after = names("unstable broadband at home", 5);
        assertThat(after).doesNotContain(TelecomAgents.BROADBAND.toString()).isNotEmpty();
    }

    @Test
    void restartCatchesUpWithTheStoreAndAMissingIndexIsRebuilt() throws IOException {
        start();
        register(TelecomAgents.BROADBAND, TelecomAgents.WIRELESS);
        assertThat(names("poor mobile signal", 1)).containsExactly(TelecomAgents.WIRELESS.toString());
        ans.close();
        ans = null;

        // While the ANS is down, the store changes under it: the index must catch up from its recorded position.
        try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(data.resolve("registry"))) {
            StoredAgent wireless = store.find(TelecomAgents.WIRELESS).orElseThrow();
            store.put(wireless.record().toBuilder().status(AgentStatus.SUSPENDED).build(), wireless.revision());
            store.put(AgentRecord.builder().name(TelecomAgents.BILLING).domain(Domain.of("ops.example.net"))
                    .agentCard(TelecomAgents.card(TelecomAgents.BILLING)).endpoints(TelecomAgents.endpoints(TelecomAgents.BILLING)).build(),
                    Revision.NONE);
        }
        start();
        assertCaughtUp();

        ans.close();
        deleteRecursively(data.resolve("resolve-index"));
        start();
        assertCaughtUp();

        restart(); // a clean restart replays nothing and answers the same
        assertCaughtUp();
    }

    private void assertCaughtUp() {
        assertThat(names("poor mobile signal and dropped calls", 5)).doesNotContain(TelecomAgents.WIRELESS.toString());
        assertThat(names("refund of a charge on my bill", 1)).containsExactly(TelecomAgents.BILLING.toString());
        assertThat(names("unstable broadband at home", 1)).containsExactly(TelecomAgents.BROADBAND.toString());
    }

    @Test
    void filtersOverHttpExcludeWhatTheyShould() {
        start();
        registerAll();
        String intent = "broadband at home, mobile coverage and my bill";
        assertThat(names(intent, 10)).hasSize(4);

        assertThat(names(intent, 10, Map.of("domains", List.of("ran.ops.example.net")))).containsExactly(TelecomAgents.WIRELESS.toString());
        assertThat(names(intent, 10, Map.of("transports", List.of("HTTP+JSON")))).containsExactly(TelecomAgents.BILLING.toString());
        assertThat(names(intent, 10, Map.of("capabilities", List.of("appointment")))).containsExactly(TelecomAgents.INSTALLATION.toString());
        assertThat(names(intent, 10, Map.of("minVersion", "1.1.0", "maxVersion", "2.0.0"))).containsExactly(TelecomAgents.WIRELESS.toString());
        assertThat(names(intent, 10, Map.of("minVersion", "2.0.0"))).containsExactly(TelecomAgents.BILLING.toString());
        assertThat(names(intent, 10, Map.of("statuses", List.of("DEPRECATED")))).isEmpty();
        assertThat(names(intent, 10, Map.of("domains", List.of("access.ops.example.net"), "transports", List.of("JSONRPC"))))
                .containsExactlyInAnyOrder(TelecomAgents.BROADBAND.toString(), TelecomAgents.INSTALLATION.toString());
    }

    @Test
    void eachModeAnswersAndSaysWhichItUsed() {
        start();
        registerAll();
        for (String mode : List.of("lexical", "vector", "hybrid")) {
            AnsHttp.Answer answer = http.post("/v1/resolve", null, Map.of("query", "unstable broadband at home", "mode", mode));
            assertThat(answer.status()).as(mode).isEqualTo(200);
            assertThat(answer.json().path("mode").asText()).isEqualTo(mode);
            assertThat(answer.json().path("results").get(0).path("name").asText()).as(mode).isEqualTo(TelecomAgents.BROADBAND.toString());
        }
    }

    @Test
    void badResolveRequestsAreRefusedWithTheErrorBody() {
        start();
        List<Object> bad = List.of(
                Map.of("limit", 3),
                Map.of("query", "   "),
                Map.of("query", "x".repeat(5000)),
                Map.of("query", "broadband", "limit", 0),
                Map.of("query", "broadband", "limit", 101),
                Map.of("query", "broadband", "mode", "fuzzy"),
                Map.of("query", "broadband", "filters", Map.of("statuses", List.of("REVOKED"))),
                Map.of("query", "broadband", "filters", Map.of("statuses", List.of("SLEEPING"))),
                Map.of("query", "broadband", "filters", Map.of("minVersion", "one")),
                Map.of("query", "broadband", "filters", Map.of("minVersion", "2.0.0", "maxVersion", "1.0.0")),
                Map.of("query", "broadband", "filters", Map.of("domains", List.of("not a domain"))),
                Map.of("query", "broadband", "limit", "many"),
                "{\"query\": ",
                "[]");
        for (Object body : bad) {
            AnsHttp.Answer answer = http.post("/v1/resolve", null, body);
            assertThat(answer.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(answer.json().path("error").path("code").asText()).as(String.valueOf(body)).isNotBlank();
            assertThat(answer.json().path("error").path("requestId").asText()).isEqualTo(answer.header("ACF-Request-Id"));
        }
        assertThat(http.get("/v1/resolve").status()).isEqualTo(405);
        assertThat(http.get("/openapi.yaml").text()).contains("/v1/resolve:");
    }

    @Test
    void lexicalOnlyAnsNeedsNoModel() {
        start(AnsServer.builder().embedderProvider("none"));
        registerAll();

        AnsHttp.Answer answer = resolve("unstable broadband at home", 2, Map.of());

        assertThat(answer.json().path("results").get(0).path("name").asText()).isEqualTo(TelecomAgents.BROADBAND.toString());
    }

    @Test
    void anOperatorsOwnSynonymsAndGlossaryReplaceTheBuiltInOnes() throws IOException {
        // Words no built-in list knows: only the operator's files tie them to the agents' texts.
        java.nio.file.Path synonyms = java.nio.file.Files.writeString(data.resolveSibling(data.getFileName() + "-synonyms.txt"),
                "zorbnet, broadband\n");
        java.nio.file.Path glossary = java.nio.file.Files.writeString(data.resolveSibling(data.getFileName() + "-glossary.tsv"),
                "蓝莓账\tbill; charges\n");
        start(AnsServer.builder().embedderProvider("none").synonyms(synonyms).glossary(glossary));
        registerAll();

        assertThat(names("zorbnet keeps failing", 1)).containsExactly(TelecomAgents.BROADBAND.toString());
        assertThat(names("蓝莓账", 1)).containsExactly(TelecomAgents.BILLING.toString());
        ans.close();

        start(AnsServer.builder().embedderProvider("none"));
        assertThat(names("蓝莓账", 1)).doesNotContain(TelecomAgents.BILLING.toString());
    }

    @Test
    void anUnreadableGlossaryIsAConfigurationError() {
        assertThatThrownBy(() -> AnsServer.builder().glossary(data.resolve("missing.tsv")))
                .isInstanceOf(dev.acf.api.error.ConfigurationException.class).hasMessageContaining("missing.tsv");
    }

    @Test
    void semanticResolutionTurnedOffIsNotFoundAndKeepsNoIndex() {
        start(AnsServer.builder().semanticResolution(false));
        register(TelecomAgents.BROADBAND);

        AnsHttp.Answer answer = resolve("unstable broadband at home", 2, Map.of());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
        assertThat(data.resolve("resolve-index")).doesNotExist();
    }

    @Test
    void rerankerReordersTheAnswerAndAFailingOrLyingOneLeavesTheFusedOrder() throws IOException {
        AtomicReference<Reranker> current = new AtomicReference<>();
        start(AnsServer.builder().embedder(EMBEDDER).reranker((intent, candidates) -> current.get().rerank(intent, candidates)));
        registerAll();
        String intent = "unstable broadband at home";
        List<String> fused;
        current.set((i, c) -> c);
        fused = names(intent, 2);
        assertThat(fused).hasSize(2).first().isEqualTo(TelecomAgents.BROADBAND.toString());

        current.set((i, c) -> c.reversed()); // the reranker sees more candidates than asked for: the least relevant comes first
        assertThat(names(intent, 2)).hasSize(2).doesNotContain(TelecomAgents.BROADBAND.toString());

        current.set((i, c) -> {
            throw new IllegalStateException("model crashed");
        });
        assertThat(names(intent, 2)).isEqualTo(fused);

        current.set((i, c) -> List.of(new ResolveResult(TelecomAgents.BILLING, 1.0, null, c.get(0).agent().toBuilder()
                .name(TelecomAgents.BILLING).build())));
        assertThat(names(intent, 2)).as("an agent the retrieval did not find").isEqualTo(fused);

        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        current.set(ChatCompletionsReranker.builder(URI.create("http://127.0.0.1:" + deadPort + "/v1/chat/completions"), "m").build());
        assertThat(names(intent, 2)).as("an unreachable LLM").isEqualTo(fused);
    }

    private static JsonNode find(JsonNode answer, AgentName name) {
        for (JsonNode r : answer.path("results")) {
            if (r.path("name").asText().equals(name.toString())) {
                return r;
            }
        }
        throw new AssertionError(name + " not in " + answer);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
