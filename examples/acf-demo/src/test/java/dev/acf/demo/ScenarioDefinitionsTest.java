package dev.acf.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.InMemoryAgents;
import dev.acf.demo.agent.IntentRoute;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.Trace;
import dev.acf.demo.install.Installation;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.repair.FaultDiagnosis;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioDefinitionsTest {
    static Stream<Scenario<?>> scenarios() {
        return Stream.of(FaultDiagnosis.prepare(FaultType.FIBER_CUT, 1), Installation.prepare(1));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void eachScenarioHasThirteenDistinctAgents(Scenario<?> scenario) {
        assertThat(scenario.agents()).hasSize(13);
        assertThat(scenario.agents().stream().map(AgentDefinition::id).distinct()).hasSize(13);
        assertThat(scenario.agents().stream().map(AgentDefinition::name).distinct()).hasSize(13);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyAgentHasAnAnsNameAndACompleteCard(Scenario<?> scenario) {
        for (AgentDefinition agent : scenario.agents()) {
            AgentName name = AgentName.of(agent.id() + "." + scenario.zone() + ".broadband.example.net");
            assertThat(name.fqdn()).startsWith(agent.id() + ".");
            AgentCard card = agent.card(new AgentInterface("https://127.0.0.1:8443/a2a/" + agent.id(), AgentInterface.JSONRPC,
                    null, "1.0"));
            assertThat(card.skills()).isNotEmpty();
            for (AgentSkill skill : card.skills()) {
                assertThat(skill.description()).hasSizeGreaterThan(30);
                assertThat(skill.tags()).hasSizeGreaterThanOrEqualTo(3);
                assertThat(skill.examples()).isNotEmpty();
            }
            assertThat(AcfJson.read(AcfJson.writeBytes(card), AgentCard.class)).isEqualTo(card);
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyIntentReachesTheAgentMeantToAnswerIt(Scenario<?> scenario) {
        InMemoryAgents mesh = new InMemoryAgents(scenario.agents(), Trace.discard());
        Set<String> ids = scenario.agents().stream().map(AgentDefinition::id).collect(Collectors.toSet());
        for (IntentRoute route : scenario.intents()) {
            assertThat(ids).contains(route.agentId());
            assertThat(mesh.resolve(route.intent())).as(route.intent()).contains(route.agentId());
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void intentsAreWordedByTheCallerNotCopiedFromCards(Scenario<?> scenario) {
        for (IntentRoute route : scenario.intents()) {
            for (AgentDefinition agent : scenario.agents()) {
                assertThat(agent.searchText().toLowerCase(Locale.ROOT)).doesNotContain(route.intent().toLowerCase(Locale.ROOT));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyAgentIsReachedByAtLeastOneIntent(Scenario<?> scenario) {
        Set<String> reached = scenario.intents().stream().map(IntentRoute::agentId).collect(Collectors.toSet());
        assertThat(reached).containsExactlyInAnyOrderElementsOf(
                scenario.agents().stream().map(AgentDefinition::id).toList());
    }
}
