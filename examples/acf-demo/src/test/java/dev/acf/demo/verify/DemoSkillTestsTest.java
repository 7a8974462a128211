package dev.acf.demo.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.DataPart;
import dev.acf.api.json.AcfJson;
import dev.acf.api.verify.Expectation;
import dev.acf.api.verify.SkillTestCase;
import dev.acf.api.verify.SkillTests;
import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Trace;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.repair.FaultDiagnosis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test cases declared for the scenarios' own agents hold for those agents' behaviours, and travel in their cards. */
class DemoSkillTestsTest {
    /** Collaborators that answer every call with an empty object: the agent under test answers from its own part. */
    private static final Collaborators QUIET = new Collaborators() {
        private final TraceLog trace = new TraceLog();

        @Override
        public JsonNode call(String intent, JsonNode request) {
            return AcfJson.mapper().createObjectNode();
        }

        @Override
        public JsonNode callByName(String agentId, JsonNode request) {
            return AcfJson.mapper().createObjectNode();
        }

        @Override
        public Trace trace() {
            return trace;
        }

        @Override
        public String self() {
            return "probe";
        }
    };

    @Test
    void theDeclaredTestCasesPassAgainstTheRealAgentsAndTravelInTheirCards() {
        List<String> checked = new ArrayList<>();
        for (AgentDefinition agent : FaultDiagnosis.prepare(FaultType.FIBER_CUT, 42).agents()) {
            List<SkillTestCase> tests = DemoSkillTests.of(agent.id());
            for (SkillTestCase test : tests) {
                JsonNode answer = agent.behavior().handle(((DataPart) test.input().get(0)).data(), QUIET);
                for (Expectation e : test.expect()) {
                    assertThat(e.failure(answer.toString(), answer)).as(test.id()).isNull();
                }
                checked.add(test.id());
            }
            var card = DemoSkillTests.declare(agent.id(), agent.card(new AgentInterface("https://x.example.net/a2a", AgentInterface.JSONRPC, null, "1.0")));
            assertThat(SkillTests.of(card)).isEqualTo(tests);
        }
        assertThat(checked).containsExactlyInAnyOrder("recommend-fiber-cut", "recommend-dns", "classify-no-service");
    }
}
