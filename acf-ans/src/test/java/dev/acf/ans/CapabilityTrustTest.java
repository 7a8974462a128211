package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.verify.Expectation;
import dev.acf.api.verify.SkillTestCase;
import dev.acf.api.verify.SkillTests;
import dev.acf.api.verify.TestResult;
import dev.acf.api.verify.TrustProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skill test cases at registration, the trust endpoint, and trust in resolution (ANS-MON-3), over real HTTP. */
class CapabilityTrustTest {
    private static final String FIBER = "ans://v1.0.0.fiber.ops.example.net";
    private static final String COPPER = "ans://v1.0.0.copper.ops.example.net";

    @TempDir
    Path data;

    private AnsServer ans;
    private AnsHttp http;

    private void start() {
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(data).embedderProvider("none").contentInspection(false)
                .bootstrapToken(AnsServerTest.TOKEN, BootstrapTokens.Use.REUSABLE).adminToken(AnsServerTest.ADMIN).build().start();
        http = new AnsHttp(ans.baseUri());
    }

    @AfterEach
    void stop() {
        if (ans != null) {
            ans.close();
        }
    }

    /** A registration whose card declares one read-only test case of its skill. */
    private static Map<String, Object> withTests(String name) {
        Map<String, Object> body = AnsServerTest.registration(name, TestCsr.ecKey());
        AgentCard card = (AgentCard) body.get("agentCard");
        String skill = card.skills().get(0).id();
        body.put("agentCard", SkillTests.declare(card, List.of(new SkillTestCase("t1", skill, List.of(TextPart.of("diagnose line 7")),
                List.of(Expectation.containing("root cause")), true, false))));
        return body;
    }

    private static double score(JsonNode results, String name) {
        return StreamSupport.stream(results.spliterator(), false).filter(r -> r.path("name").asText().equals(name))
                .findFirst().orElseThrow().path("score").asDouble();
    }

    private AnsHttp.Answer resolve(String json) {
        return http.post("/v1/resolve", null, json);
    }

    @Test
    void malformedTestCasesInARegistrationAreA400NamingTheTestCase() {
        start();
        Map<String, Object> body = withTests(FIBER);
        JsonNode card = AcfJson.mapper().valueToTree(body.get("agentCard"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) card.path("capabilities").path("extensions").get(0).path("params")
                .path("testCases").get(0).path("expect").get(0)).put("regex", "([");
        body.put("agentCard", card);

        AnsHttp.Answer refused = http.post("/v1/agents", AnsServerTest.TOKEN, body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("skill test case t1");
    }

    @Test
    void theProbeNameCannotBeRegistered() {
        start();
        AnsHttp.Answer refused = http.post("/v1/agents", AnsServerTest.TOKEN,
                AnsServerTest.registration("ans://v1.0.0.probe.ans.ops.example.net", TestCsr.ecKey()));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo("policy_refused");
    }

    @Test
    void anAgentNeverVerifiedHasAnEmptySignedProfileAndAnUnknownOneIs404() {
        start();
        assertThat(http.post("/v1/agents", AnsServerTest.TOKEN, withTests(FIBER)).status()).isEqualTo(201);

        AnsHttp.Answer trust = http.get("/v1/agents/" + AnsHttp.encode(FIBER) + "/trust");

        assertThat(trust.status()).isEqualTo(200);
        assertThat(trust.header("ACF-Signature")).isNotBlank();
        assertThat(trust.json().path("verifiedSkills")).isEmpty();
        assertThat(trust.json().path("failedSkills")).isEmpty();
        assertThat(trust.json().path("results")).isEmpty();
        assertThat(trust.json().has("lastVerified")).isTrue();
        assertThat(trust.json().path("lastVerified").isNull()).isTrue();
        AnsHttp.Answer unknown = http.get("/v1/agents/" + AnsHttp.encode("ans://nobody.ops.example.net") + "/trust");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("agent_not_found");
    }

    @Test
    void aVerifiedSkillPassesTheVerifiedOnlyFilterIsBoostedAndSurvivesARestart() {
        start();
        assertThat(http.post("/v1/agents", AnsServerTest.TOKEN, withTests(FIBER)).status()).isEqualTo(201);
        assertThat(http.post("/v1/agents", AnsServerTest.TOKEN, withTests(COPPER)).status()).isEqualTo(201);
        AgentName fiber = AgentName.parse(FIBER);
        AgentName copper = AgentName.parse(COPPER);
        Instant at = Instant.parse("2026-11-26T10:00:00Z");
        ans.verifier().record(TrustProfile.of(fiber, List.of(new TestResult("fiber-diagnose", "t1", true, null, 3.5, at)), at));
        ans.verifier().record(TrustProfile.of(copper, List.of(new TestResult("copper-diagnose", "t1", false, "no root cause", 2, at)), at));

        JsonNode all = resolve("{\"query\": \"diagnose faults in home broadband\", \"limit\": 5}").json().path("results");
        JsonNode verified = resolve("{\"query\": \"diagnose faults in home broadband\", \"limit\": 5, \"filters\": {\"verifiedOnly\": true}}")
                .json().path("results");
        JsonNode preferred = resolve("{\"query\": \"diagnose faults in home broadband\", \"limit\": 5, \"preferVerified\": true}")
                .json().path("results");

        assertThat(all).extracting(r -> r.path("name").asText()).containsExactlyInAnyOrder(FIBER, COPPER);
        assertThat(verified).extracting(r -> r.path("name").asText()).containsExactly(FIBER);
        assertThat(verified.get(0).path("trust").path("verifiedSkills").get(0).asText()).isEqualTo("fiber-diagnose");
        assertThat(verified.get(0).path("trust").path("p50Ms").asDouble()).isEqualTo(3.5);
        assertThat(score(preferred, FIBER)).isEqualTo(Math.min(1.0, score(all, FIBER) + AnsService.VERIFIED_BOOST));
        assertThat(score(preferred, COPPER)).as("not verified: no boost").isEqualTo(score(all, COPPER));
        assertThat(preferred).extracting(r -> r.path("score").asDouble()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(StreamSupport.stream(preferred.spliterator(), false).filter(r -> r.path("name").asText().equals(COPPER)).findFirst()
                .orElseThrow().path("trust").path("failedSkills").get(0).asText()).isEqualTo("copper-diagnose");

        ans.close();
        start();

        JsonNode trust = http.get("/v1/agents/" + AnsHttp.encode(FIBER) + "/trust").json();
        assertThat(trust.path("verifiedSkills").get(0).asText()).isEqualTo("fiber-diagnose");
        assertThat(trust.path("results").get(0).path("latencyMs").asDouble()).isEqualTo(3.5);
        assertThat(trust.path("lastVerified").asText()).isEqualTo("2026-11-26T10:00:00Z");
        JsonNode afterRestart = resolve("{\"query\": \"diagnose faults in home broadband\", \"limit\": 5, \"filters\": {\"verifiedOnly\": true}}")
                .json().path("results");
        assertThat(afterRestart).extracting(r -> r.path("name").asText()).containsExactly(FIBER);
    }
}
