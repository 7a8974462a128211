package dev.acf.demo.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.demo.agent.InMemoryAgents;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.TraceEvent;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.Fault;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.Indicator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FaultDiagnosisTest {
    private static final long[] SEEDS = {1, 2, 3, 7, 42, 2026};

    static Stream<Arguments> everyFaultWithSeveralSeeds() {
        List<Arguments> cases = new ArrayList<>();
        for (FaultType type : FaultType.values()) {
            for (long seed : SEEDS) {
                cases.add(Arguments.of(type, seed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("everyFaultWithSeveralSeeds")
    void rootCauseIsFoundAndTheFaultIsClearedAndValidated(FaultType type, long seed) {
        FaultDiagnosis scenario = FaultDiagnosis.prepare(type, seed);
        Fault fault = scenario.fault();
        TraceLog log = new TraceLog();

        DiagnosisOutcome outcome = scenario.run(new InMemoryAgents(scenario.agents(), log).as(Scenario.DESK));

        assertThat(outcome.rootCause()).as(log.render()).isEqualTo(type);
        assertThat(outcome.rootCauseCorrect()).isTrue();
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.confidence()).isGreaterThanOrEqualTo(0.85);
        assertThat(outcome.subscriberId()).isEqualTo(fault.subscriberId());
        assertThat(outcome.location()).isEqualTo(fault.location());
        assertThat(outcome.impactScope()).containsExactlyInAnyOrderElementsOf(fault.affected());
        assertThat(outcome.recommendation()).isNotBlank();
        assertThat(outcome.resolution()).isEqualTo(type.remotelyRepairable() ? Resolution.REMOTE_REPAIR : Resolution.DISPATCH);
        assertThat(outcome.repaired()).isTrue();
        assertThat(outcome.workOrder() != null).isEqualTo(!type.remotelyRepairable());
        assertThat(outcome.validationPassed()).as(log.render()).isTrue();
        assertThat(outcome.monitoringStable()).isTrue();
        assertThat(outcome.satisfaction()).isBetween(3, 5);
        assertThat(outcome.phasesCompleted()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void theLoopRecollectsOnlyWhenTheFirstCollectionIsInsufficient() {
        int settledAtOnce = 0;
        int recollected = 0;
        for (long seed = 1; seed <= 12; seed++) {
            FaultDiagnosis scenario = FaultDiagnosis.prepare(FaultType.FIBER_CUT, seed);
            // The periodic view is sufficient exactly when the alarm feed already shows the LOS.
            boolean alarmInFirstLook = scenario.network()
                    .read(scenario.fault().subscriberId(), Indicator.PORT_LOS_ALARM, Channel.ALARMS, 1)
                    .map(Boolean.class::cast).orElse(false);
            TraceLog log = new TraceLog();
            DiagnosisOutcome outcome = scenario.run(new InMemoryAgents(scenario.agents(), log).as(Scenario.DESK));

            assertThat(outcome.rootCauseCorrect()).isTrue();
            if (alarmInFirstLook) {
                settledAtOnce++;
                assertThat(outcome.iterations()).isEqualTo(1);
                assertThat(outcome.recollections()).isZero();
            } else {
                recollected++;
                assertThat(outcome.iterations()).isGreaterThanOrEqualTo(2);
                assertThat(outcome.recollections()).isGreaterThanOrEqualTo(1);
                assertThat(outcome.questionsAsked()).isGreaterThanOrEqualTo(1);
                assertThat(calls(log, "root-cause", "perception-collection")).isNotEmpty();
                assertThat(calls(log, "root-cause", "knowledge-qa")).isNotEmpty();
                assertThat(calls(log, "knowledge-qa", "personal-assistant")).isNotEmpty();
            }
        }
        assertThat(settledAtOnce).as("seeds whose first collection sufficed").isPositive();
        assertThat(recollected).as("seeds that needed re-collection").isPositive();
    }

    @ParameterizedTest
    @EnumSource(value = FaultType.class, names = {"WIFI_INTERFERENCE", "DNS_MISCONFIGURATION", "ONT_MISCONFIGURATION"})
    void faultsInvisibleToPeriodicCountersAlwaysNeedReCollectionAndStoredData(FaultType type) {
        TraceLog log = new TraceLog();
        DiagnosisOutcome outcome = FaultDiagnosis.run(type, 5, log);

        assertThat(outcome.iterations()).isGreaterThanOrEqualTo(2);
        assertThat(outcome.recollections()).isGreaterThanOrEqualTo(1);
        assertThat(calls(log, "perception-collection", "data-collection")).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(FaultType.class)
    void runsAreReproducibleForASeed(FaultType type) {
        TraceLog first = new TraceLog();
        TraceLog second = new TraceLog();

        DiagnosisOutcome one = FaultDiagnosis.run(type, 99, first);
        DiagnosisOutcome two = FaultDiagnosis.run(type, 99, second);

        assertThat(two).isEqualTo(one);
        assertThat(second.render()).isEqualTo(first.render());
    }

    @Test
    void theTraceShowsTheSixPhasesInOrderAndWhichIntentReachedWhom() {
        TraceLog log = new TraceLog();
        FaultDiagnosis.run(FaultType.DNS_MISCONFIGURATION, 3, log);

        assertThat(log.events().stream().filter(e -> e.kind() == TraceEvent.Kind.PHASE).map(e -> e.attributes().get("phase")))
                .containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(calls(log, Scenario.DESK, "root-cause")).singleElement()
                .satisfies(call -> assertThat(call.intent()).isEqualTo(RepairIntents.DIAGNOSE))
                .satisfies(call -> assertThat(call.attributes()).containsKey("score"));
        assertThat(log.events().get(log.events().size() - 1).kind()).isEqualTo(TraceEvent.Kind.OUTCOME);
        assertThat(log.render()).contains("== Phase 2: ", "root-cause: iteration 1: ", "=> injected DNS_MISCONFIGURATION");
    }

    @Test
    void aComplaintIsClassifiedByItsWording() {
        assertThat(Complaints.classify("websites won't load, WhatsApp works")).isEqualTo(ComplaintType.WEBSITES_UNREACHABLE);
        assertThat(Complaints.classify("our internet is completely down")).isEqualTo(ComplaintType.NO_SERVICE);
        assertThat(Complaints.classify("the line keeps dropping")).isEqualTo(ComplaintType.INTERMITTENT);
        assertThat(Complaints.classify("painfully slow in the evening")).isEqualTo(ComplaintType.SLOW);
        assertThat(Complaints.account("Hi, account SUB-1007 here")).contains("SUB-1007");
    }

    private static List<TraceEvent> calls(TraceLog log, String caller, String callee) {
        return log.events().stream()
                .filter(e -> e.kind() == TraceEvent.Kind.CALL && e.actor().equals(caller) && callee.equals(e.target()))
                .toList();
    }
}
