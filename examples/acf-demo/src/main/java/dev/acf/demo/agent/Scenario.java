package dev.acf.demo.agent;

import java.util.List;

/**
 * A prepared scenario: a simulated network in a given state, the agents bound to it, and the
 * run that drives its phases. The wiring hosts every agent of {@link #agents()} (by whatever
 * transport), gives the desk a {@link Collaborators}, and calls {@link #run(Collaborators)} once.
 *
 * <pre>{@code
 * FaultDiagnosis scenario = FaultDiagnosis.prepare(FaultType.FIBER_CUT, 42);
 * InMemoryAgents mesh = new InMemoryAgents(scenario.agents(), new TraceLog(System.out::println));
 * DiagnosisOutcome outcome = scenario.run(mesh.as(Scenario.DESK));
 * }</pre>
 *
 * @param <O> the outcome record of a run
 */
public interface Scenario<O> {
    /** The caller id of the operator's desk, which starts every phase. */
    String DESK = "desk";

    /** Returns the DNS label naming this scenario's zone, such as {@code repair} or {@code install}. */
    String zone();

    /** Returns the scenario's 13 agents, in the order they appear in the phases. */
    List<AgentDefinition> agents();

    /** Returns every intent the desk and the agents send, with the agent meant to answer. */
    List<IntentRoute> intents();

    /**
     * Runs the phases, starting each through {@code desk}, and reports them to
     * {@code desk.trace()}. Call once per prepared scenario: the run changes the network.
     */
    O run(Collaborators desk);
}
