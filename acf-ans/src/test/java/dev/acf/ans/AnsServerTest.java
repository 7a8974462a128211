package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.register.ApprovalPolicy;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.jws.SignatureVerifier;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnsServerTest {
    static final String TOKEN = "fleet-bootstrap-token-0001";
    static final String ONE_TIME = "one-time-bootstrap-token-01";
    static final String ADMIN = "admin-token-0123456789abcdef";

    @TempDir
    Path data;

    private AnsServer ans;
    private AnsHttp http;

    private void start(ApprovalPolicy policy) {
        ans = AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .bootstrapToken(ONE_TIME, BootstrapTokens.Use.ONE_TIME)
                .adminToken(ADMIN)
                .approvalPolicy(policy)
                .build()
                .start();
        http = new AnsHttp(ans.baseUri());
    }

    @AfterEach
    void stop() {
        if (ans != null) {
            ans.close();
        }
    }

    static Map<String, Object> registration(String name, KeyPair key) {
        AgentName agent = AgentName.parse(name);
        // The sample card and endpoints do not depend on the domain; the name under test may lie outside it.
        AgentRecord sample = SampleAgents.record(AgentName.of(agent.agentLabel() + ".ops.example.net", agent.version()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("agentCard", sample.agentCard());
        body.put("endpoints", sample.endpoints());
        body.put("csr", TestCsr.pem(key, agent));
        return body;
    }

    private AnsHttp.Answer register(String name) {
        return http.post("/v1/agents", TOKEN, registration(name, TestCsr.ecKey()));
    }

    @Test
    void registeredAgentIsCertifiedAndResolvableByName() throws Exception {
        start(ApprovalPolicy.AUTO);

        AnsHttp.Answer created = register("ans://v1.0.0.probe.ops.example.net");

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("agent").path("status").asText()).isEqualTo("ACTIVE");
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(body.path("certificateChain").asText().getBytes()));
        assertThat(leaf.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1)).isEqualTo("ans://v1.0.0.probe.ops.example.net"));

        AnsHttp.Answer resolved = http.get("/v1/agents/" + AnsHttp.encode("ans://v1.0.0.probe.ops.example.net"));
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().path("agent").path("name").asText()).isEqualTo("ans://v1.0.0.probe.ops.example.net");
        assertThat(resolved.json().path("agent").path("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(http.get("/v1/agents/v1.0.0.probe.ops.example.net").status()).isEqualTo(200);
    }

    @Test
    void nameWithoutVersionResolvesToTheNewestActiveVersion() {
        start(ApprovalPolicy.AUTO);
        register("ans://v1.0.0.rca.ops.example.net");
        register("ans://v1.4.0.rca.ops.example.net");
        register("ans://v1.10.0.rca.ops.example.net");

        AnsHttp.Answer newest = http.get("/v1/agents/" + AnsHttp.encode("ans://rca.ops.example.net"));

        assertThat(newest.json().path("agent").path("version").asText()).isEqualTo("1.10.0");
    }

    @Test
    void registrationWithoutAValidBootstrapTokenIsRefused() {
        start(ApprovalPolicy.AUTO);
        Map<String, Object> body = registration("ans://v1.0.0.probe.ops.example.net", TestCsr.ecKey());

        assertThat(http.post("/v1/agents", null, body).status()).isEqualTo(401);
        assertThat(http.post("/v1/agents", "not-the-token-at-all", body).errorCode()).isEqualTo("unauthenticated");
        assertThat(http.get("/v1/agents/v1.0.0.probe.ops.example.net").status()).isEqualTo(404);
    }

    @Test
    void oneTimeTokenWorksOnceEvenAcrossRestarts() {
        start(ApprovalPolicy.AUTO);
        assertThat(http.post("/v1/agents", ONE_TIME, registration("ans://v1.0.0.a1.ops.example.net", TestCsr.ecKey())).status()).isEqualTo(201);
        assertThat(http.post("/v1/agents", ONE_TIME, registration("ans://v1.0.0.a2.ops.example.net", TestCsr.ecKey())).status()).isEqualTo(401);
        ans.close();

        start(ApprovalPolicy.AUTO);

        assertThat(http.post("/v1/agents", ONE_TIME, registration("ans://v1.0.0.a3.ops.example.net", TestCsr.ecKey())).status()).isEqualTo(401);
        assertThat(http.get("/v1/agents/v1.0.0.a1.ops.example.net").status()).isEqualTo(200);
    }

    @Test
    void duplicateNameAndVersionConflictsAndOutsideDomainIsRefusedByPolicy() {
        start(ApprovalPolicy.AUTO);
        register("ans://v1.0.0.probe.ops.example.net");

        assertThat(register("ans://v1.0.0.probe.ops.example.net").status()).isEqualTo(409);
        AnsHttp.Answer outside = register("ans://v1.0.0.probe.core.example.org");
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.errorCode()).isEqualTo("policy_refused");
    }

    @Test
    void csrForAnotherNameIsRefused() {
        start(ApprovalPolicy.AUTO);
        KeyPair key = TestCsr.ecKey();
        Map<String, Object> body = registration("ans://v1.0.0.probe.ops.example.net", key);
        body.put("csr", TestCsr.pem(key, AgentName.parse("ans://v1.0.0.other.ops.example.net")));

        AnsHttp.Answer refused = http.post("/v1/agents", TOKEN, body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("invalid_csr");
    }

    @Test
    void badInputGetsPreciseJsonErrorsNeverA5xx() {
        start(ApprovalPolicy.AUTO);

        AnsHttp.Answer malformed = http.post("/v1/agents", TOKEN, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("malformed_json");
        assertThat(malformed.json().path("error").path("requestId").asText()).isEqualTo(malformed.header("ACF-Request-Id"));

        AnsHttp.Answer badName = http.get("/v1/agents/" + AnsHttp.encode("ans://v1.0.0.bad_name.ops.example.net"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.errorCode()).isEqualTo("invalid_name");
        assertThat(badName.json().path("error").path("message").asText()).contains("'bad_name'");

        AnsHttp.Answer missingField = http.post("/v1/agents", TOKEN, "{\"name\":\"ans://v1.0.0.x.ops.example.net\"}");
        assertThat(missingField.status()).isEqualTo(400);

        assertThat(http.get("/v1/nothing-here").errorCode()).isEqualTo("not_found");
        AnsHttp.Answer wrongMethod = http.get("/v1/agents");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");

        AnsHttp.Answer tooLarge = http.post("/v1/agents", TOKEN, "{\"pad\":\"" + "x".repeat(2 << 20) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("payload_too_large");

        AnsHttp.Answer hugeHeader = http.send(java.net.http.HttpRequest.newBuilder(ans.baseUri().resolve("/v1/ca/chain"))
                .header("X-Pad", "y".repeat(32 * 1024)).GET());
        assertThat(hugeHeader.status()).isEqualTo(431);
        assertThat(hugeHeader.errorCode()).isEqualTo("headers_too_large");
        assertThat(hugeHeader.text()).doesNotContain("jetty", "Jetty", "<html");

        assertThat(http.get("/v1/ca/status/not-hex").status()).isEqualTo(400);
    }

    @Test
    void aClientSendingABodyOverTheLimitReadsThe413InsteadOfAResetConnection() throws Exception {
        start(ApprovalPolicy.AUTO);
        byte[] body = ("{\"pad\":\"" + "x".repeat(3 << 20) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        for (int attempt = 0; attempt < 2; attempt++) {
            // As every HTTP/1.1 client without Expect: 100-continue does: the whole body first, then the answer.
            String declared = rawPost("Content-Length: " + body.length, body);
            assertThat(declared).as("declared length, attempt %d", attempt).startsWith("HTTP/1.1 413").contains("payload_too_large");
            java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
            for (int at = 0; at < body.length; at += 64 * 1024) {
                int n = Math.min(64 * 1024, body.length - at);
                chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                chunked.write(body, at, n);
                chunked.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            chunked.writeBytes("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String streamed = rawPost("Transfer-Encoding: chunked", chunked.toByteArray());
            assertThat(streamed).as("chunked, attempt %d", attempt).startsWith("HTTP/1.1 413").contains("payload_too_large");
        }
    }

    /**
     * Sends a POST to /v1/agents over a plain socket, the body written whole before the answer is
     * read, in slices a few milliseconds apart as a client on a real network sends it.
     */
    private String rawPost(String framing, byte[] body) throws java.io.IOException, InterruptedException {
        try (java.net.Socket socket = new java.net.Socket(ans.baseUri().getHost(), ans.baseUri().getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/agents HTTP/1.1\r\nHost: ans\r\nContent-Type: application/json\r\nAuthorization: Bearer " + TOKEN
                    + "\r\n" + framing + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            for (int at = 0; at < body.length; at += 128 * 1024) {
                out.write(body, at, Math.min(128 * 1024, body.length - at));
                out.flush();
                Thread.sleep(5);
            }
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void approvalPolicyHoldsRegistrationsUntilAnAdministratorApproves() {
        start(ApprovalPolicy.APPROVAL);

        AnsHttp.Answer held = register("ans://v1.0.0.probe.ops.example.net");
        assertThat(held.status()).isEqualTo(202);
        assertThat(held.json().path("status").asText()).isEqualTo("PENDING");
        String id = held.json().path("requestId").asText();
        assertThat(http.get("/v1/agents/v1.0.0.probe.ops.example.net").status()).isEqualTo(404);

        assertThat(http.send(java.net.http.HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/requests")).GET()).status()).isEqualTo(401);
        AnsHttp.Answer queue = http.send(java.net.http.HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/requests?status=PENDING"))
                .header("Authorization", "Bearer " + ADMIN).GET());
        assertThat(queue.json().path("requests").get(0).path("id").asText()).isEqualTo(id);
        assertThat(http.post("/v1/admin/requests/" + id + "/approval", "wrong-admin-token-xxxx", "").status()).isEqualTo(401);

        AnsHttp.Answer approved = http.post("/v1/admin/requests/" + id + "/approval", ADMIN, "");

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().path("certificateChain").asText()).contains("BEGIN CERTIFICATE");
        assertThat(http.get("/v1/agents/v1.0.0.probe.ops.example.net").status()).isEqualTo(200);
        assertThat(http.post("/v1/admin/requests/" + id + "/approval", ADMIN, "").status()).isEqualTo(409);
    }

    @Test
    void rejectedRegistrationNeverResolves() {
        start(ApprovalPolicy.APPROVAL);
        String id = register("ans://v1.0.0.probe.ops.example.net").json().path("requestId").asText();

        AnsHttp.Answer rejected = http.post("/v1/admin/requests/" + id + "/rejection", ADMIN, Map.of("reason", "unknown vendor"));

        assertThat(rejected.json().path("status").asText()).isEqualTo("REJECTED");
        assertThat(http.get("/v1/agents/v1.0.0.probe.ops.example.net").status()).isEqualTo(404);
        assertThat(register("ans://v1.0.0.probe.ops.example.net").status()).isEqualTo(409);
    }

    @Test
    void revocationByAnAdministratorPutsTheCertificateOnTheCrlAndRemovesTheAgent() throws Exception {
        start(ApprovalPolicy.AUTO);
        JsonNode created = register("ans://v1.0.0.probe.ops.example.net").json();
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(created.path("certificateChain").asText().getBytes()));

        AnsHttp.Answer revoked = http.post("/v1/agents/v1.0.0.probe.ops.example.net/revocation", ADMIN, Map.of("reason", "keyCompromise"));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("agent").path("status").asText()).isEqualTo("REVOKED");
        assertThat(http.get("/v1/agents/v1.0.0.probe.ops.example.net").status()).isEqualTo(404);
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(http.get("/v1/ca/crl").raw().body()));
        assertThat(crl.getRevokedCertificate(leaf.getSerialNumber())).isNotNull();
        JsonNode status = http.get("/v1/ca/status/" + leaf.getSerialNumber().toString(16)).json();
        assertThat(status.path("status").asText()).isEqualTo("revoked");
        assertThat(status.path("reason").asText()).isEqualTo("keyCompromise");
        assertThat(http.post("/v1/agents/v1.0.0.probe.ops.example.net/revocation", null, Map.of("reason", "superseded")).status())
                .isEqualTo(401);
    }

    @Test
    void registrationsAndCaSurviveARestart() {
        start(ApprovalPolicy.AUTO);
        register("ans://v1.0.0.probe.ops.example.net");
        String chain = http.get("/v1/ca/chain").text();
        ans.close();

        start(ApprovalPolicy.AUTO);

        assertThat(http.get("/v1/agents/v1.0.0.probe.ops.example.net").status()).isEqualTo(200);
        assertThat(http.get("/v1/ca/chain").text()).isEqualTo(chain);
    }

    @Test
    void closingCutsARequestStillRunningAfterTheGracePeriodAndFreesThePort() throws Exception {
        CountDownLatch reranking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A reranker that hangs (a slow LLM endpoint, say) holds its request past the 5 s grace period.
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(data).bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .reranker((intent, candidates) -> {
                    reranking.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return candidates;
                })
                .build().start();
        http = new AnsHttp(ans.baseUri());
        register("ans://v1.0.0.probe.ops.example.net");
        register("ans://v1.0.0.meter.ops.example.net");
        InetSocketAddress address = new InetSocketAddress(ans.baseUri().getHost(), ans.baseUri().getPort());
        CompletableFuture<AnsHttp.Answer> held = CompletableFuture.supplyAsync(
                () -> http.post("/v1/resolve", null, Map.of("query", "diagnose faults in home broadband networks")));
        try {
            assertThat(reranking.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatCode(ans::close).doesNotThrowAnyException();

            try (ServerSocket again = new ServerSocket()) {
                again.bind(address);
                assertThat(again.getLocalPort()).isEqualTo(address.getPort());
            }
            assertThat(held).failsWithin(Duration.ofSeconds(10));
        } finally {
            release.countDown();
        }
    }

    @Test
    void wellKnownAndOpenApiDescribeThisAns() {
        start(ApprovalPolicy.AUTO);

        JsonNode wellKnown = http.get("/.well-known/ans").json();
        assertThat(wellKnown.path("domain").asText()).isEqualTo("ops.example.net");
        assertThat(wellKnown.path("endpoints").path("api").asText()).isEqualTo(ans.baseUri().toString());
        assertThat(wellKnown.path("keys").isArray()).isTrue();
        AnsHttp.Answer openApi = http.get("/openapi.yaml");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.text()).contains("openapi: 3.1.0", "/v1/agents/{name}", "/v1/admin/requests/{id}/approval",
                "/v1/permissions/{id}", "/v1/anomalies", "/v1/suspensions", "/v1/admin/suspensions/{caller}/lift", "/v1/graph/stream", "/v1/graph/events");
    }

    @Test
    void answersLargerThanOneWriteSliceArriveWholeAndInOrder() throws Exception {
        start(ApprovalPolicy.AUTO);
        byte[] expected;
        try (java.io.InputStream in = AnsServer.class.getResourceAsStream("/dev/acf/ans/http/openapi.yaml")) {
            expected = java.util.Objects.requireNonNull(in).readAllBytes();
        }
        assertThat(expected.length).as("the file must span several write slices").isGreaterThan(2 * 16 * 1024);

        AnsHttp.Answer answer = http.get("/openapi.yaml");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Length")).isEqualTo(Integer.toString(expected.length));
        assertThat(answer.raw().body()).isEqualTo(expected);
    }

    @Test
    void answersCarryASignatureThatVerifiesAgainstThePublishedKeysAndFailsWhenTampered() {
        start(ApprovalPolicy.AUTO);
        register("ans://v1.0.0.probe.ops.example.net");
        SignatureVerifier verifier = SignatureVerifier.fromJwksJson(http.get("/.well-known/ans").text());

        AnsHttp.Answer resolved = http.get("/v1/agents/v1.0.0.probe.ops.example.net");
        byte[] body = resolved.raw().body();
        String signature = resolved.header("ACF-Signature");

        assertThat(verifier.verify(signature, body).keyId()).isEqualTo(ans.signer().currentKeyId());
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThatThrownBy(() -> verifier.verify(signature, tampered)).isInstanceOf(TrustException.class);
    }

    @Test
    void signingKeyRotationKeepsEarlierAnswersVerifiable() {
        start(ApprovalPolicy.AUTO);
        register("ans://v1.0.0.probe.ops.example.net");
        AnsHttp.Answer before = http.get("/v1/agents/v1.0.0.probe.ops.example.net");
        String oldKey = ans.signer().currentKeyId();

        assertThat(http.post("/v1/admin/signing-key/rotation", null, "").status()).isEqualTo(401);
        AnsHttp.Answer rotated = http.post("/v1/admin/signing-key/rotation", ADMIN, "");

        String newKey = rotated.json().path("keyId").asText();
        assertThat(newKey).isNotEqualTo(oldKey);
        SignatureVerifier verifier = SignatureVerifier.fromJwksJson(http.get("/.well-known/ans").text());
        assertThat(verifier.keyIds()).contains(oldKey, newKey);
        assertThat(verifier.verify(before.header("ACF-Signature"), before.raw().body()).keyId()).isEqualTo(oldKey);
        AnsHttp.Answer after = http.get("/v1/agents/v1.0.0.probe.ops.example.net");
        assertThat(verifier.verify(after.header("ACF-Signature"), after.raw().body()).keyId()).isEqualTo(newKey);
    }

    @Test
    void revocationReachesEventStreamSubscribersWithinASecond() throws Exception {
        start(ApprovalPolicy.AUTO);
        register("ans://v1.0.0.probe.ops.example.net");
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Void>> stream = client.sendAsync(
                HttpRequest.newBuilder(ans.baseUri().resolve("/v1/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.startsWith(": acf ans events")));

        long revokedAt = System.nanoTime();
        http.post("/v1/agents/v1.0.0.probe.ops.example.net/revocation", ADMIN, Map.of("reason", "keyCompromise"));

        await().atMost(Duration.ofSeconds(1)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data: ")));
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
        JsonNode data = AcfJson.readTree(lines.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6).getBytes());
        byte[] payload = Base64.getUrlDecoder().decode(data.path("payload").asText());
        SignatureVerifier.fromJwksJson(ans.signer().jwksJson()).verify(data.path("signature").asText(), payload);
        JsonNode event = AcfJson.readTree(payload);
        assertThat(event.path("type").asText()).isEqualTo("WITHDRAWN");
        assertThat(event.path("agent").path("status").asText()).isEqualTo("REVOKED");
        stream.cancel(true);
    }

    @Test
    void everyLifecycleOperationIsInTheTamperEvidentAuditLog() {
        start(ApprovalPolicy.AUTO);
        register("ans://v1.0.0.probe.ops.example.net");
        register("ans://v1.0.0.probe.ops.example.net");
        http.post("/v1/agents/v1.0.0.probe.ops.example.net/revocation", ADMIN, Map.of("reason", "superseded"));

        assertThat(ans.service().audit().size()).isEqualTo(3);
        assertThat(ans.service().audit().verify().intact()).isTrue();
    }

    /** Collects the lines of an event stream. */
    private record LineCollector(List<String> lines) implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }
}
