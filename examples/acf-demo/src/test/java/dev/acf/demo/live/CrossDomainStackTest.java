package dev.acf.demo.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.audit.AuditEvent;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.repair.DiagnosisOutcome;
import dev.acf.demo.repair.FaultDiagnosis;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cross-domain demo over the real stack (EX-4): the fault-diagnosis agents split between a
 * home edge domain and a core network domain, each with its own ANS and gateway, discovered
 * through DNS and synced through the change feed; home agents find core agents by intent and
 * call them through both gateways.
 */
@Tag("it")
class CrossDomainStackTest {
    @TempDir
    Path data;

    @Test
    void faultDiagnosisRunsAcrossTwoDomainsAndBothGatewaysAuditTheCrossingCalls() {
        FaultDiagnosis scenario = FaultDiagnosis.prepare(FaultType.FIBER_CUT, 4);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (CrossDomainStack stack = CrossDomainStack.builder().dataDirectory(data).scenario(scenario, FaultDiagnosis.NETWORK_AGENTS)
                .progress(lines::add).build().start()) {
            DemoRun<DiagnosisOutcome> run = stack.run(scenario, new TraceLog(lines::add));

            assertThat(run.outcome().rootCauseCorrect()).as(String.join("\n", lines)).isTrue();
            assertThat(run.outcome().repaired()).isTrue();
            List<AgentCall> crossing = run.calls().stream()
                    .filter(c -> !stack.domainOf(c.caller()).equals(stack.domainOf(c.callee()))).toList();
            assertThat(crossing).as("calls from the home edge to the core network").isNotEmpty();
            assertThat(crossing).allSatisfy(c -> assertThat(c.resolved()).as("found by intent: " + c).isTrue());
            assertThat(run.callsMissingFromAudit()).isEmpty();
            for (AgentCall call : crossing) {
                List<AuditEvent> atHome = stack.auditEvents(CrossDomainStack.HOME).stream()
                        .filter(e -> call.contextId().equals(e.contextId())).toList();
                List<AuditEvent> atCore = stack.auditEvents(CrossDomainStack.CORE).stream()
                        .filter(e -> call.contextId().equals(e.contextId())).toList();
                assertThat(atHome).singleElement().satisfies(e -> assertThat(e.attributes())
                        .containsEntry("nextHop", "ans://v1.0.0.gateway." + CrossDomainStack.CORE));
                assertThat(atCore).singleElement().satisfies(e -> {
                    assertThat(e.source()).isEqualTo(atHome.get(0).source()).endsWith("." + CrossDomainStack.HOME);
                    assertThat(e.attributes()).containsEntry("forwardedBy", "ans://v1.0.0.gateway." + CrossDomainStack.HOME);
                });
            }
            assertThat(stack.checkResolution(scenario).misses()).as("intents resolved over both domains' agents ranked together").isEmpty();
            assertThat(lines).anyMatch(l -> l.contains("gateway." + CrossDomainStack.HOME + " -> gateway." + CrossDomainStack.CORE));
        }
    }
}
