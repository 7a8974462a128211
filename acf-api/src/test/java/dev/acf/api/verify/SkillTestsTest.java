package dev.acf.api.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.resolve.ResolveResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkillTestsTest {
    private static final AgentCard CARD = AgentCard.builder("converter", "Converts signal levels", "1.0.0")
            .supportedInterfaces(List.of(new AgentInterface("https://converter.example.net/a2a", AgentInterface.JSONRPC, null, "1.0")))
            .skills(List.of(AgentSkill.builder("dbm", "mW to dBm", "Converts milliwatts to dBm").build()))
            .build();

    private static JsonNode json(String text) {
        return AcfJson.readTree(text.getBytes(StandardCharsets.UTF_8));
    }

    private static AgentCard cardWith(String testCasesJson) {
        JsonNode card = A2aJson.toTree(CARD, dev.acf.api.a2a.A2aVersion.V1_0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) card.path("capabilities")).set("extensions", json(
                "[{\"uri\": \"" + SkillTests.EXTENSION_URI + "\", \"params\": {\"testCases\": " + testCasesJson + "}}]"));
        return A2aJson.convert(card, AgentCard.class);
    }

    @Test
    void testCasesDeclaredInTheCardAreReadWithTheirPredicatesAndFlags() {
        AgentCard card = cardWith("""
                [{"id": "dbm-1", "skill": "dbm", "input": [{"text": "convert 2 mW"}],
                  "expect": [{"contains": "dBm"}, {"regex": "3\\\\.0\\\\d"}, {"jsonPath": "$.level.unit", "equals": "dBm"},
                             {"jsonPath": "$.items[0]", "exists": true}, {"schema": {"type": "object", "required": ["level"]}}],
                  "readOnly": true},
                 {"id": "dbm-2", "skill": "dbm", "input": [{"text": "store it"}], "expect": [{"contains": "ok"}]}]""");

        List<SkillTestCase> tests = SkillTests.of(card);

        assertThat(tests).extracting(SkillTestCase::id).containsExactly("dbm-1", "dbm-2");
        assertThat(tests.get(0).input()).containsExactly(TextPart.of("convert 2 mW"));
        assertThat(tests.get(0).expect()).hasSize(5);
        assertThat(tests.get(0).probeable()).isTrue();
        assertThat(tests.get(1).probeable()).as("neither read-only nor a dry run: never probed").isFalse();
    }

    @Test
    void declaringTestCasesRoundTripsThroughTheCardJson() {
        SkillTestCase test = new SkillTestCase("t1", "dbm", List.of(TextPart.of("2 mW")),
                List.of(Expectation.containing("3.01 dBm"), Expectation.jsonPathEquals("$.dbm", json("3.01"))), false, true);
        AgentCard declared = SkillTests.declare(CARD, List.of(test));

        AgentCard reread = A2aJson.read(A2aJson.write(declared, dev.acf.api.a2a.A2aVersion.V1_0), AgentCard.class);

        assertThat(SkillTests.of(reread)).containsExactly(test);
        assertThat(SkillTests.of(CARD)).isEmpty();
    }

    @Test
    void malformedTestCasesAreRefusedNamingTheTestCaseAndField() {
        assertThatThrownBy(() -> SkillTests.of(cardWith("[{\"id\": \"x\", \"skill\": \"nope\", \"input\": [{\"text\": \"a\"}], \"expect\": [{\"contains\": \"b\"}]}]")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("x").hasMessageContaining("nope");
        assertThatThrownBy(() -> SkillTests.of(cardWith("[{\"id\": \"r\", \"skill\": \"dbm\", \"input\": [{\"text\": \"a\"}], \"expect\": [{\"regex\": \"(\"}]}]")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("skill test case r").hasMessageContaining("regex");
        assertThatThrownBy(() -> SkillTests.of(cardWith("[{\"id\": \"p\", \"skill\": \"dbm\", \"input\": [{\"text\": \"a\"}], \"expect\": [{\"jsonPath\": \"$..x\", \"exists\": true}]}]")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("jsonPath");
        assertThatThrownBy(() -> SkillTests.of(cardWith("[{\"id\": \"e\", \"skill\": \"dbm\", \"input\": [{\"text\": \"a\"}], \"expect\": []}]")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("expect");
        assertThatThrownBy(() -> SkillTests.of(cardWith("[{\"id\": \"d\", \"skill\": \"dbm\", \"input\": [{\"text\": \"a\"}], \"expect\": [{\"contains\": \"b\", \"regex\": \"c\"}]}]")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> SkillTests.of(cardWith("{\"not\": \"a list\"}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("testCases");
        String twice = "{\"id\": \"same\", \"skill\": \"dbm\", \"input\": [{\"text\": \"a\"}], \"expect\": [{\"contains\": \"b\"}]}";
        assertThatThrownBy(() -> SkillTests.of(cardWith("[" + twice + "," + twice + "]")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("twice");
    }

    @Test
    void expectationsCheckTextJsonPathsAndTheSchemaSubset() {
        JsonNode answer = json("{\"level\": {\"value\": 3.0, \"unit\": \"dBm\"}, \"items\": [1, 2]}");
        assertThat(Expectation.containing("dBm").failure("3.01 dBm", null)).isNull();
        assertThat(Expectation.containing("dBW").failure("3.01 dBm", null)).contains("does not contain");
        assertThat(Expectation.matching("\\d+\\.\\d+ dBm").failure("it is 3.01 dBm", null)).isNull();
        assertThat(Expectation.jsonPathEquals("$.level.value", json("3")).failure("", answer)).as("3 equals 3.0").isNull();
        assertThat(Expectation.jsonPathEquals("$['level'].unit", json("\"dBW\"")).failure("", answer)).contains("expected \"dBW\"");
        assertThat(Expectation.jsonPathExists("$.items[1]", true).failure("", answer)).isNull();
        assertThat(Expectation.jsonPathExists("$.items[2]", true).failure("", answer)).contains("missing");
        assertThat(Expectation.jsonPathExists("$.error", false).failure("", answer)).isNull();
        assertThat(Expectation.jsonPathExists("$.a", true).failure("plain text", null)).contains("no JSON");
        JsonNode schema = json("""
                {"type": "object", "required": ["level", "items"], "properties": {
                  "level": {"type": "object", "properties": {"unit": {"enum": ["dBm", "mW"]}, "value": {"type": "number", "minimum": 0}}},
                  "items": {"type": "array", "minItems": 2, "items": {"type": "integer"}}}}""");
        assertThat(Expectation.satisfying(schema).failure("", answer)).isNull();
        assertThat(Expectation.satisfying(schema).failure("", json("{\"level\": {\"unit\": \"W\"}, \"items\": [1, 2]}")))
                .contains("$.level.unit");
        assertThat(Expectation.satisfying(schema).failure("", json("{\"level\": {}, \"items\": [1]}"))).contains("at least 2");
    }

    @Test
    void trustProfilesDeriveSkillsPassRateAndPercentilesFromResults() {
        AgentName agent = AgentName.parse("ans://v1.0.0.converter.example.net");
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        TrustProfile profile = TrustProfile.of(agent, List.of(
                new TestResult("dbm", "t1", true, null, 2, at),
                new TestResult("dbm", "t2", true, null, 4, at),
                new TestResult("watts", "t3", false, "the answer does not contain 'W'", 10, at)), at);

        assertThat(profile.verifiedSkills()).containsExactly("dbm");
        assertThat(profile.failedSkills()).containsExactly("watts");
        assertThat(profile.passRate()).isEqualTo(2.0 / 3);
        assertThat(profile.p50Ms()).isEqualTo(4.0);
        assertThat(profile.p99Ms()).isEqualTo(10.0);
        assertThat(AcfJson.read(AcfJson.writeBytes(profile), TrustProfile.class)).isEqualTo(profile);
        assertThat(TrustProfile.never(agent).summary()).isEqualTo(TrustSummary.never());
    }

    @Test
    void resolveResultsCarryTheTrustSummaryThroughJson() {
        AgentRecord record = AgentRecord.builder().name(AgentName.parse("ans://v1.0.0.converter.example.net")).domain(Domain.of("example.net"))
                .agentCard(CARD).endpoints(List.of(Endpoint.of("https://converter.example.net/a2a", Endpoint.JSONRPC)))
                .registeredAt(Instant.parse("2026-01-01T00:00:00Z")).build();
        TrustSummary summary = new TrustSummary(List.of("dbm"), List.of(), 1.0, 2.0, 3.0, Instant.parse("2026-01-02T00:00:00Z"));
        ResolveResult result = new ResolveResult(record.name(), 0.5, "dbm", record, summary);

        JsonNode tree = AcfJson.readTree(AcfJson.writeBytes(result));

        assertThat(tree.path("trust").path("verifiedSkills").get(0).asText()).isEqualTo("dbm");
        assertThat(AcfJson.convert(tree, ResolveResult.class)).isEqualTo(result);
        assertThat(AcfJson.convert(((com.fasterxml.jackson.databind.node.ObjectNode) tree.deepCopy()).without("trust"), ResolveResult.class).trust()).isNull();
    }

    @Test
    void probeNamesAreReservedUnderProbeAns() {
        AgentName probe = ProbeIdentity.nameFor(Domain.of("ops.example.net"));
        assertThat(probe.toString()).isEqualTo("ans://v1.0.0.probe.ans.ops.example.net");
        assertThat(ProbeIdentity.isProbe(probe.toString())).isTrue();
        assertThat(ProbeIdentity.isProbe("ans://v1.0.0.probe.ops.example.net")).isFalse();
        assertThat(ProbeIdentity.isProbe("not a name")).isFalse();
    }
}
