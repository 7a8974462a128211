package dev.acf.demo.live;

import dev.acf.api.audit.AuditEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one run of a scenario over the real stack produced. Immutable.
 *
 * @param zone the scenario's zone
 * @param outcome the scenario's outcome
 * @param calls every call between agents (and from the desk), in the order made
 * @param audit the gateway's audit events of those calls (matched by A2A context id), in arrival order
 * @param took how long the scenario ran, from the desk's first call to its last answer
 * @param <O> the outcome's type
 */
public record DemoRun<O>(String zone, O outcome, List<AgentCall> calls, List<AuditEvent> audit, Duration took) {
    /** Validates and copies the components. */
    public DemoRun {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(outcome, "outcome");
        calls = List.copyOf(calls);
        audit = List.copyOf(audit);
        Objects.requireNonNull(took, "took");
    }

    /** Returns the interaction graph of the run, from the gateway's audit events. */
    public InteractionGraph graph() {
        return InteractionGraph.of(audit);
    }

    /**
     * Returns the calls the gateway did not audit as made by that caller to that callee and
     * answered with status 200; empty when every call went through the gateway.
     */
    public List<AgentCall> callsMissingFromAudit() {
        return calls.stream().filter(call -> audit.stream().noneMatch(event -> call.contextId().equals(event.contextId())
                && event.status() == 200 && event.source() != null && event.destination() != null
                && InteractionGraph.label(event.source()).equals(call.caller())
                && InteractionGraph.label(event.destination()).equals(call.callee()))).toList();
    }

    /** Returns how many calls semantic resolution routed, as opposed to exact ANS names. */
    public long resolvedCalls() {
        return calls.stream().filter(AgentCall::resolved).count();
    }
}
