package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.AgentClassification;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.gateway.filter.AuditFilter;
import dev.acf.gateway.filter.BearerTokens;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.redact.Clearances;
import dev.acf.gateway.redact.ContentRedaction;
import dev.acf.gateway.redact.RedactionFilter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tiered content security over real sockets (ANS-SEC-3): answers and streamed events are redacted
 * for the caller's clearance, calls to agents classified above it are refused, and the audit names
 * the rules, never the values.
 */
class TieredContentSecurityTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.subscribers.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";
    static final String STREAM = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SendStreamingMessage\",\"params\":{\"message\":{"
            + "\"role\":\"ROLE_USER\",\"messageId\":\"m-1\",\"parts\":[{\"text\":\"look up\"}]}}}";
    static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"id\":\"t-1\",\"contextId\":\"c-1\","
            + "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"},\"artifacts\":[{\"artifactId\":\"a-1\",\"parts\":[{\"text\":"
            + "\"subscriber 310150123456789 <jane.doe@example.net> on 10.20.30.40\"}]}],"
            + "\"metadata\":{\"msisdn\":447700900123,\"card\":\"4111 1111 1111 1111\",\"note\":\"card 4111111111111112 is invalid\"}}}";
    static final String ISSUER = "https://login.example.net/";
    static final String AUDIENCE = "acf-gateway";

    static RSAKey key;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private MockWebServer agent;
    private GatewayServer gateway;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    @BeforeEach
    void startAgent() throws Exception {
        agent = new MockWebServer();
        agent.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        http.close();
    }

    private void startGateway(@Nullable ClassificationLevel agentLevel, ContentRedaction redaction) throws Exception {
        AgentRecord record = AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a");
        if (agentLevel != null) {
            record = record.toBuilder().agentCard(AgentClassification.of(agentLevel).applyTo(record.agentCard())).build();
        }
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(record))
                .bearerTokens(BearerTokens.builder().publicKey(key.toRSAPublicKey()).issuer(ISSUER).audience(AUDIENCE).build())
                .auditSink(audit::add)
                .contentRedaction(redaction)
                .build()
                .start();
    }

    private static String token(String subject, @Nullable String clearance) throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("roles", List.of("operator"));
        if (clearance != null) {
            b.claim(BearerTokens.CLEARANCE_CLAIM, clearance);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), b.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private HttpResponse<String> call(String body, String subject, @Nullable String clearance) throws Exception {
        return http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json")
                .header("authorization", "Bearer " + token(subject, clearance)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void answer(String json) {
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(json).build());
    }

    private AuditEvent auditOf(HttpResponse<String> response, String type) {
        String id = response.headers().firstValue("acf-request-id").orElseThrow();
        return await().atMost(Duration.ofSeconds(5)).until(
                () -> audit.stream().filter(e -> e.type().equals(type) && id.equals(e.requestId())).findFirst().orElse(null),
                e -> e != null);
    }

    @Test
    void aConfidentialAnswerReachingAnInternalCallerIsRedactedAndStaysJson() throws Exception {
        startGateway(null, ContentRedaction.defaults());
        answer(ANSWER);

        HttpResponse<String> response = call(CALL, "alice", "INTERNAL");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = AcfJson.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("result");
        assertThat(result.path("artifacts").get(0).path("parts").get(0).path("text").asText())
                .isEqualTo("subscriber [REDACTED:imsi] <[REDACTED:email]> on [REDACTED:ipv4]");
        assertThat(result.path("metadata").path("msisdn").asText()).isEqualTo("[REDACTED:msisdn]");
        assertThat(result.path("metadata").path("card").asText()).isEqualTo("[REDACTED:card]");
        assertThat(result.path("metadata").path("note").asText()).as("a wrong Luhn digit is no card").isEqualTo("card 4111111111111112 is invalid");
        assertThat(response.headers().firstValue(RedactionFilter.HEADER)).hasValue("card.luhn=1,email=1,imsi.mcc=1,ip.v4=1,phone.context=1");

        AuditEvent event = auditOf(response, AuditFilter.TYPE);
        assertThat(event.attributes()).containsEntry("redactions", "card.luhn=1,email=1,imsi.mcc=1,ip.v4=1,phone.context=1");
        assertThat(AcfJson.writeString(event)).doesNotContain("310150123456789", "jane.doe", "4111");
    }

    @Test
    void theSameAnswerReachesAConfidentialCallerWithOnlySecretsRedacted() throws Exception {
        startGateway(null, ContentRedaction.defaults());
        answer(ANSWER);

        HttpResponse<String> response = call(CALL, "bob", "CONFIDENTIAL");

        JsonNode result = AcfJson.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("result");
        assertThat(result.path("artifacts").get(0).path("parts").get(0).path("text").asText())
                .isEqualTo("subscriber 310150123456789 <jane.doe@example.net> on 10.20.30.40");
        assertThat(result.path("metadata").path("msisdn").asLong()).isEqualTo(447700900123L);
        assertThat(result.path("metadata").path("card").asText()).isEqualTo("[REDACTED:card]");
        assertThat(response.headers().firstValue(RedactionFilter.HEADER)).hasValue("card.luhn=1");
    }

    @Test
    void aSecretCallerGetsTheAnswerUnchanged() throws Exception {
        startGateway(null, ContentRedaction.defaults());
        answer(ANSWER);

        HttpResponse<String> response = call(CALL, "carol", "SECRET");

        assertThat(AcfJson.readTree(response.body().getBytes(StandardCharsets.UTF_8))).isEqualTo(AcfJson.readTree(ANSWER.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.headers().firstValue(RedactionFilter.HEADER)).isEmpty();
    }

    @Test
    void streamedEventsAreRedactedBeforeTheyReachTheClientAndAuditedAtTheEnd() throws Exception {
        startGateway(null, ContentRedaction.defaults());
        String working = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"statusUpdate\":{\"taskId\":\"t-9\",\"contextId\":\"c-9\","
                + "\"status\":{\"state\":\"TASK_STATE_WORKING\",\"message\":{\"role\":\"ROLE_AGENT\",\"messageId\":\"a-1\","
                + "\"parts\":[{\"text\":\"found IMSI 310150123456789, password=hunter2\"}]}},\"final\":false}}}";
        String done = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"statusUpdate\":{\"taskId\":\"t-9\",\"contextId\":\"c-9\","
                + "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"},\"final\":true}}}";
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                .body("data: " + working + "\n\ndata: " + done + "\n\n").build());

        HttpResponse<String> response = call(STREAM, "alice", "INTERNAL");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = response.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data).hasSize(2);
        JsonNode first = AcfJson.readTree(data.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(first.path("result").path("statusUpdate").path("status").path("message").path("parts").get(0).path("text").asText())
                .isEqualTo("found IMSI [REDACTED:imsi], password=[REDACTED:credential]");
        assertThat(response.body()).doesNotContain("310150123456789", "hunter2");

        AuditEvent event = auditOf(response, RedactionFilter.STREAM_EVENT);
        assertThat(event.attributes()).containsEntry("redactions", "credential.assigned=1,imsi.mcc=1").containsEntry("clearance", "INTERNAL");
        assertThat(event.destination()).isEqualTo(NAME.toString());
    }

    @Test
    void aCallToAnAgentClassifiedAboveTheClearanceIsRefusedWithTheRule() throws Exception {
        startGateway(ClassificationLevel.CONFIDENTIAL, ContentRedaction.defaults());

        HttpResponse<String> refused = call(CALL, "alice", "INTERNAL");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(AcfJson.readTree(refused.body().getBytes(StandardCharsets.UTF_8)).path("error").path("code").asText())
                .isEqualTo("permission_denied");
        assertThat(refused.body()).contains("classification.agent");
        assertThat(agent.getRequestCount()).as("the agent never saw the call").isZero();
        assertThat(auditOf(refused, AuditFilter.TYPE).attributes()).containsEntry("deniedBy", "classification.agent");

        answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"id\":\"t-1\"}}");
        assertThat(call(CALL, "bob", "CONFIDENTIAL").statusCode()).isEqualTo(200);
    }

    @Test
    void clearanceRulesRaiseOrLowerACallersClearance() throws Exception {
        startGateway(null, ContentRedaction.defaults().withClearances(Clearances.parse(List.of("noc-*=CONFIDENTIAL", "role:operator=INTERNAL"))));
        answer(ANSWER);
        answer(ANSWER);

        HttpResponse<String> noc = call(CALL, "noc-probe", null);
        HttpResponse<String> operator = call(CALL, "dave", "SECRET");

        assertThat(noc.body()).contains("310150123456789").doesNotContain("4111 1111 1111 1111");
        assertThat(operator.body()).as("the rule wins over the token's claim").doesNotContain("310150123456789");
    }

    @Test
    void redactionCanBeSwitchedOff() throws Exception {
        startGateway(ClassificationLevel.SECRET, ContentRedaction.disabled());
        answer(ANSWER);

        HttpResponse<String> response = call(CALL, "alice", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("310150123456789", "4111 1111 1111 1111");
    }

    @Test
    void anAnswerTheAgentCompressedIsDecodedToBeRedacted() throws Exception {
        startGateway(null, ContentRedaction.defaults());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(ANSWER.getBytes(StandardCharsets.UTF_8));
        }
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("Content-Encoding", "gzip")
                .body(new okio.Buffer().write(bytes.toByteArray())).build());

        HttpResponse<String> response = call(CALL, "alice", "INTERNAL");

        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(response.body()).contains("[REDACTED:imsi]").doesNotContain("310150123456789");
    }
}
