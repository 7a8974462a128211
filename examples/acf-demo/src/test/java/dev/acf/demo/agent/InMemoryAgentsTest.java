package dev.acf.demo.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.error.NotFoundException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryAgentsTest {
    private static AgentDefinition agent(String id, String description, AgentBehavior behavior) {
        return new AgentDefinition(id, id, description,
                List.of(AgentDefinition.skill(id + "-skill", id, description, List.of(id), List.of(description))), behavior);
    }

    private final AgentDefinition weather = agent("weather", "Forecasts rain and sunshine for a town",
            (request, peers) -> Payload.reply("weather", "sunny in " + request.path("town").asText()));
    private final AgentDefinition travel = agent("travel", "Plans train journeys between towns",
            (request, peers) -> {
                peers.trace().step("travel", "checking the weather first");
                String forecast = peers.call("will there be rain or sunshine", request).path("summary").asText();
                return Payload.reply("travel", "take the 9:12, " + forecast);
            });

    @Test
    void anIntentReachesTheAgentWhoseCardMatchesAndEveryHopIsTraced() {
        TraceLog log = new TraceLog();
        InMemoryAgents mesh = new InMemoryAgents(List.of(weather, travel), log);

        String answer = mesh.as(Scenario.DESK).call("plan my train journey", Payload.object().put("town", "Riverside"))
                .path("summary").asText();

        assertThat(answer).isEqualTo("take the 9:12, sunny in Riverside");
        assertThat(log.events()).extracting(TraceEvent::render).containsExactly(
                log.events().get(0).render(),
                "  travel: checking the weather first",
                log.events().get(2).render(),
                "  travel <- weather  sunny in Riverside",
                "  desk <- travel  take the 9:12, sunny in Riverside");
        assertThat(log.events().get(0).render()).startsWith("  desk -> travel  intent \"plan my train journey\"  [score=");
        assertThat(log.events().get(2).target()).isEqualTo("weather");
    }

    @Test
    void aCallByNameSkipsResolution() {
        TraceLog log = new TraceLog();
        InMemoryAgents mesh = new InMemoryAgents(List.of(weather, travel), log);

        mesh.as(Scenario.DESK).callByName("weather", Payload.object().put("town", "Hillcrest"));

        assertThat(log.events().get(0).render()).isEqualTo("  desk -> weather  by name");
    }

    @Test
    void anUnknownNameOrAnUnmatchedIntentIsAgentNotFound() {
        InMemoryAgents mesh = new InMemoryAgents(List.of(weather), Trace.discard());

        assertThatThrownBy(() -> mesh.as(Scenario.DESK).callByName("nobody", Payload.object()))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).code()).isEqualTo(ErrorCode.AGENT_NOT_FOUND));
        assertThatThrownBy(() -> mesh.as(Scenario.DESK).call("quantum chromodynamics", Payload.object()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("quantum chromodynamics");
    }

    @Test
    void aRoutingLoopFailsInsteadOfOverflowingTheStack() {
        AgentDefinition echo = agent("echo", "Repeats itself", (request, peers) -> peers.callByName("echo", request));
        InMemoryAgents mesh = new InMemoryAgents(List.of(echo), Trace.discard());

        assertThatThrownBy(() -> mesh.as(Scenario.DESK).callByName("echo", Payload.object()))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("deeper than " + InMemoryAgents.MAX_CALL_DEPTH);
    }

    @Test
    void twoAgentsWithOneIdAreRefused() {
        assertThatThrownBy(() -> new InMemoryAgents(List.of(weather, weather), Trace.discard()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weather");
    }

    @Test
    void anAgentIdMustBeADnsLabel() {
        assertThatThrownBy(() -> agent("Root_Cause", "x", (request, peers) -> request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Root_Cause");
    }
}
