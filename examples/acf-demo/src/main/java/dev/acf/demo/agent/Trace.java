package dev.acf.demo.agent;

/**
 * A sink for the readable, phase-by-phase events of a scenario run: phases, calls between
 * agents, replies, agents' own steps (such as root-cause loop iterations) and the outcome.
 * Implementations are thread-safe and never throw.
 *
 * <pre>{@code
 * TraceLog log = new TraceLog(System.out::println);
 * log.phase(2, "Home broadband fault complaint handling");
 * log.step("root-cause", "iteration 1: information insufficient");
 * }</pre>
 */
@FunctionalInterface
public interface Trace {
    /** Records one event. */
    void record(TraceEvent event);

    /** Records the start of a phase. */
    default void phase(int number, String title) {
        record(TraceEvent.phase(number, title));
    }

    /** Records a step an agent took on its own. */
    default void step(String agent, String message) {
        record(TraceEvent.step(agent, message));
    }

    /** Records the scenario's outcome. */
    default void outcome(String message) {
        record(TraceEvent.outcome(message));
    }

    /** Returns a trace that drops every event. */
    static Trace discard() {
        return event -> { };
    }
}
