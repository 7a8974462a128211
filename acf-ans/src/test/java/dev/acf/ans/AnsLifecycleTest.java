package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.jws.RequestSigner;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Update, renewal and self-revocation signed by the agent's own key (ANS-LIFE-1..3), over real HTTP. */
class AnsLifecycleTest {
    static final String NAME = "ans://v1.0.0.probe.ops.example.net";
    static final String PATH = "/v1/agents/" + AnsHttp.encode(NAME);

    @TempDir
    Path data;

    private AnsServer ans;
    private AnsHttp http;
    private KeyPair key;
    private JsonNode registered;

    @BeforeEach
    void startAndRegister() {
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(data)
                .bootstrapToken(AnsServerTest.TOKEN, BootstrapTokens.Use.REUSABLE).adminToken(AnsServerTest.ADMIN).build().start();
        http = new AnsHttp(ans.baseUri());
        key = TestCsr.ecKey();
        registered = http.post("/v1/agents", AnsServerTest.TOKEN, AnsServerTest.registration(NAME, key)).json();
    }

    @AfterEach
    void stop() {
        ans.close();
    }

    private AnsHttp.Answer signed(String method, String path, KeyPair signer, Object payload) {
        String jws = RequestSigner.of(signer.getPrivate()).sign(AcfJson.writeBytes(payload), method, path);
        return http.send(HttpRequest.newBuilder(ans.baseUri().resolve(path)).header("Content-Type", "application/jose")
                .method(method, HttpRequest.BodyPublishers.ofString(jws)));
    }

    private AgentCard card() {
        return AcfJson.convert(registered.path("agent").path("agentCard"), AgentCard.class);
    }

    private static X509Certificate leaf(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes()));
    }

    @Test
    void compatibleUpdateChangesTheRecordInPlace() {
        List<AgentSkill> skills = new ArrayList<>(card().skills());
        skills.add(AgentSkill.builder("probe-trace", "Trace route", "Traces the path to a host.").tags(List.of("trace")).build());
        AgentCard richer = AgentCard.builder(card().name(), "Probes home broadband lines.", card().version())
                .supportedInterfaces(card().supportedInterfaces()).capabilities(card().capabilities())
                .defaultInputModes(card().defaultInputModes()).defaultOutputModes(card().defaultOutputModes()).skills(skills).build();

        AnsHttp.Answer updated = signed("PATCH", PATH, key, Map.of("agentCard", richer));

        assertThat(updated.status()).isEqualTo(200);
        JsonNode agent = http.get(PATH).json().path("agent");
        assertThat(agent.path("agentCard").path("skills")).hasSize(2);
        assertThat(agent.path("capabilities")).hasSize(2);
        assertThat(agent.path("agentCard").path("description").asText()).isEqualTo("Probes home broadband lines.");
    }

    @Test
    void removingASkillIsIncompatibleWithoutANewMajorVersion() {
        AgentCard poorer = AgentCard.builder(card().name(), card().description(), card().version())
                .supportedInterfaces(card().supportedInterfaces()).capabilities(card().capabilities())
                .defaultInputModes(card().defaultInputModes()).defaultOutputModes(card().defaultOutputModes()).skills(List.of()).build();

        AnsHttp.Answer refused = signed("PATCH", PATH, key, Map.of("agentCard", poorer));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("incompatible_change");
        assertThat(refused.json().path("error").path("message").asText()).contains("skill 'probe-diagnose' removed", "ans://v2.0.0.probe");
    }

    @Test
    void requestsSignedWithAnotherKeyReplayedOrForAnotherPathAreRefused() {
        Map<String, Object> payload = Map.of("endpoints", List.of(Map.of("url", "https://probe-2.agents.internal/a2a", "transport", "JSONRPC")));

        assertThat(signed("PATCH", PATH, TestCsr.ecKey(), payload).errorCode()).isEqualTo("bad_signature");
        String jws = RequestSigner.of(key.getPrivate()).sign(AcfJson.writeBytes(payload), "PATCH", "/v1/agents/elsewhere");
        AnsHttp.Answer wrongPath = http.send(HttpRequest.newBuilder(ans.baseUri().resolve(PATH)).header("Content-Type", "application/jose")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(jws)));
        assertThat(wrongPath.status()).isEqualTo(401);

        String good = RequestSigner.of(key.getPrivate()).sign(AcfJson.writeBytes(payload), "PATCH", PATH);
        HttpRequest.Builder once = HttpRequest.newBuilder(ans.baseUri().resolve(PATH)).header("Content-Type", "application/jose")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(good));
        assertThat(http.send(once).status()).isEqualTo(200);
        AnsHttp.Answer replay = http.send(HttpRequest.newBuilder(ans.baseUri().resolve(PATH)).header("Content-Type", "application/jose")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(good)));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().path("error").path("message").asText()).contains("replay");

        assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve(PATH)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))).status()).isEqualTo(400);
    }

    @Test
    void renewalIssuesANewCertificateForTheSameNameWithoutInterruption() throws Exception {
        X509Certificate before = leaf(registered.path("certificateChain").asText());
        KeyPair next = TestCsr.ecKey();

        AnsHttp.Answer renewed = signed("POST", PATH + "/renewal", key, Map.of("csr", TestCsr.pem(next, AgentName.parse(NAME))));

        assertThat(renewed.status()).isEqualTo(200);
        X509Certificate after = leaf(renewed.json().path("certificateChain").asText());
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getPublicKey()).isEqualTo(next.getPublic());
        assertThat(leaf(http.get(PATH).json().path("agent").path("certificate").asText()).getSerialNumber()).isEqualTo(after.getSerialNumber());
        assertThat(http.get("/v1/ca/status/" + before.getSerialNumber().toString(16)).json().path("status").asText()).isEqualTo("good");
        // the old key no longer speaks for the agent
        assertThat(signed("POST", PATH + "/renewal", key, Map.of("csr", TestCsr.pem(key, AgentName.parse(NAME)))).status()).isEqualTo(401);
    }

    @Test
    void agentRevokesItselfAndCanNoLongerRenew() throws Exception {
        X509Certificate cert = leaf(registered.path("certificateChain").asText());

        AnsHttp.Answer revoked = signed("POST", PATH + "/revocation", key, Map.of("reason", "keyCompromise"));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(http.get(PATH).status()).isEqualTo(404);
        assertThat(http.get("/v1/ca/status/" + cert.getSerialNumber().toString(16)).json().path("reason").asText()).isEqualTo("keyCompromise");
        AnsHttp.Answer renewal = signed("POST", PATH + "/renewal", key, Map.of("csr", TestCsr.pem(TestCsr.ecKey(), AgentName.parse(NAME))));
        assertThat(renewal.status()).isEqualTo(403);
        assertThat(renewal.errorCode()).isEqualTo("certificate_revoked");
        assertThat(ans.service().audit().verify().intact()).isTrue();
    }
}
