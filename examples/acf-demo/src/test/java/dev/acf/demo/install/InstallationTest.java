package dev.acf.demo.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.demo.agent.InMemoryAgents;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.TraceEvent;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.network.AccessType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstallationTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 42, 2026})
    void installationCompletesAllSixPhasesAndActivatesTheLine(long seed) {
        Installation scenario = Installation.prepare(seed);
        TraceLog log = new TraceLog();

        InstallationOutcome outcome = scenario.run(new InMemoryAgents(scenario.agents(), log).as(Scenario.DESK));

        assertThat(outcome.phasesCompleted()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(log.events().stream().filter(e -> e.kind() == TraceEvent.Kind.PHASE).map(e -> e.attributes().get("phase")))
                .containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(outcome.validationPassed()).as(log.render()).isTrue();
        assertThat(outcome.orderCompleted()).isTrue();
        assertThat(outcome.monitoringStable()).isTrue();
        assertThat(outcome.satisfaction()).isBetween(3, 5);
        assertThat(scenario.request()).contains(outcome.customerName(), outcome.address());
        assertThat(scenario.network().subscriber(outcome.subscriberId()).access()).isEqualTo(AccessType.FIBER);
        assertThat(scenario.network().subscriber(outcome.subscriberId()).accessPointId()).isEqualTo(outcome.portId());
        assertThat(outcome.servicePath()).first().isEqualTo("home gateway");
        assertThat(outcome.configuredDomains()).startsWith("access", "ip-edge", "home-network");
        assertThat(outcome.configuredDomains().contains("service-platform")).isEqualTo(!outcome.addOns().isEmpty());
        assertThat(outcome.configuredBy()).allSatisfy(agent -> assertThat(agent).endsWith("-config"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 42, 2026})
    void validationClosesTheLoopOnAMisconfiguredDomain(long seed) {
        Installation scenario = Installation.prepare(seed);
        String glitch = scenario.network().inventory().glitchDomain();

        InstallationOutcome outcome = scenario.run(new InMemoryAgents(scenario.agents(), new TraceLog()).as(Scenario.DESK));

        if (outcome.configuredDomains().contains(glitch)) {
            assertThat(outcome.validationRounds()).isEqualTo(2);
            assertThat(outcome.correctedDomains()).containsExactly(glitch);
        } else {
            assertThat(outcome.validationRounds()).isEqualTo(1);
            assertThat(outcome.correctedDomains()).isEmpty();
        }
        assertThat(outcome.validationPassed()).isTrue();
    }

    @Test
    void aFullPortIsReRoutedToAnotherPortOfTheSameSite() {
        boolean sawReroute = false;
        for (long seed = 1; seed <= 20 && !sawReroute; seed++) {
            InstallationOutcome outcome = Installation.run(seed, new TraceLog());
            sawReroute = outcome.rerouted();
        }
        assertThat(sawReroute).isTrue();
    }

    @Test
    void runsAreReproducibleForASeed() {
        TraceLog first = new TraceLog();
        TraceLog second = new TraceLog();

        assertThat(Installation.run(11, second)).isEqualTo(Installation.run(11, first));
        assertThat(second.render()).isEqualTo(first.render());
    }

    @Test
    void aRequestIsReadIntoAStructuredIntent() {
        ServiceRequests.ServiceIntent intent = ServiceRequests.parse("Hi, I'm Esme Quinn. I'm moving into 4 Mill Road, Riverside"
                + " next month and would like your 1 Gbps fibre broadband with TV and a landline phone. Could an engineer"
                + " come on a Friday morning?");

        assertThat(intent).isEqualTo(new ServiceRequests.ServiceIntent("Esme Quinn", "4 Mill Road, Riverside", 1000,
                java.util.List.of("iptv", "voip"), "Friday", "morning"));
    }
}
