package dev.acf.demo.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.DataPart;
import dev.acf.api.json.AcfJson;
import dev.acf.api.verify.Expectation;
import dev.acf.api.verify.SkillTestCase;
import dev.acf.api.verify.SkillTests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Skill test cases for some of the broadband scenarios' own agents (ANS-MON-3), in the JSON they
 * speak: the knowledge base's fix recommendation and the complaint classifier. All read-only.
 * {@link #declare} adds them to an agent's card. The classifier really gathers the facts of the
 * account it is given (its probe call goes on to preprocessing and the profile, alarms and
 * counters agents), so its test names {@code SUB-1004}, a subscriber every generated network has.
 */
public final class DemoSkillTests {
    private static final Map<String, List<SkillTestCase>> BY_AGENT = Map.of(
            "knowledge-qa", List.of(
                    test("recommend-fiber-cut", "fix-recommendation",
                            "{\"task\": \"recommend\", \"rootCause\": \"FIBER_CUT\", \"location\": \"OLT-3/1/4\", \"affectedCount\": 12}",
                            Expectation.jsonPathExists("$.recommendation", true), Expectation.matching("Splice the feeder fibre of PON port OLT-3/1/4")),
                    test("recommend-dns", "fix-recommendation",
                            "{\"task\": \"recommend\", \"rootCause\": \"DNS_MISCONFIGURATION\", \"location\": \"SUB-1004\"}",
                            Expectation.containing("DNS resolvers"))),
            "complaint-intent", List.of(
                    test("classify-no-service", "classify-complaint",
                            "{\"complaint\": \"My internet is down since this morning, account SUB-1004\"}",
                            Expectation.jsonPathEquals("$.subscriberId", AcfJson.mapper().getNodeFactory().textNode("SUB-1004")),
                            Expectation.jsonPathEquals("$.complaintType", AcfJson.mapper().getNodeFactory().textNode("NO_SERVICE")))));

    private DemoSkillTests() {}

    /** Returns the test cases of a scenario agent by id; empty for agents without any. */
    public static List<SkillTestCase> of(String agentId) {
        return BY_AGENT.getOrDefault(agentId, List.of());
    }

    /** Returns the card with the agent's test cases declared, or unchanged when it has none. */
    public static AgentCard declare(String agentId, AgentCard card) {
        List<SkillTestCase> tests = of(agentId);
        return tests.isEmpty() ? card : SkillTests.declare(card, tests);
    }

    private static SkillTestCase test(String id, String skill, String request, Expectation... expect) {
        JsonNode data = AcfJson.readTree(request.getBytes(StandardCharsets.UTF_8));
        return new SkillTestCase(id, skill, List.of(DataPart.of(data)), List.of(expect), true, false);
    }
}
