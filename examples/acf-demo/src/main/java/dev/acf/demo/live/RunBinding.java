package dev.acf.demo.live;

import dev.acf.demo.agent.AgentDefinition;
import dev.acf.demo.agent.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One run in progress in a zone: the prepared scenario's behaviours the hosted agents answer
 * with, the trace they report to, and the calls made so far. Thread-safe.
 */
final class RunBinding {
    private final String zone;
    private final String runId;
    private final Map<String, AgentDefinition> agents = new LinkedHashMap<>();
    private final Trace trace;
    private final List<AgentCall> calls = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    RunBinding(String zone, String runId, List<AgentDefinition> agents, Trace trace) {
        this.zone = zone;
        this.runId = runId;
        agents.forEach(agent -> this.agents.put(agent.id(), agent));
        this.trace = trace;
    }

    String zone() {
        return zone;
    }

    Trace trace() {
        return trace;
    }

    /** Returns the behaviour of agent {@code id} for this run, or null when the scenario has no such agent. */
    @Nullable AgentDefinition agent(String id) {
        return agents.get(id);
    }

    /** Returns a new context id, such as {@code repair-1-007}: unique in the stack, readable in a trace. */
    String nextContextId() {
        return String.format(Locale.ROOT, "%s-%03d", runId, sequence.incrementAndGet());
    }

    void record(AgentCall call) {
        synchronized (calls) {
            calls.add(call);
        }
    }

    List<AgentCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
