package dev.acf.demo.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event of a scenario run, rendered as one line by {@link #render()}. Immutable.
 *
 * <pre>
 * == Phase 2: Home broadband fault complaint handling ==
 *   desk -> root-cause  intent "find the root cause of this home broadband fault"  [score=0.91]
 *   root-cause: iteration 1: information insufficient, ...
 *   desk <- root-cause  root cause FIBER_CUT (confidence 0.95) after 2 iterations
 * => root cause FIBER_CUT identified, ...
 * </pre>
 *
 * @param kind what happened
 * @param actor who acted: the caller of a call, the callee of a reply, the agent of a step;
 *     {@code phase N} for a phase and {@code outcome} for the outcome
 * @param target the other party of a call or reply, else {@code null}
 * @param intent the intent a call was resolved by, or {@code null} for a call by name
 * @param message the phase title, the step or reply text, the outcome
 * @param attributes extra facts to show, such as {@code score} or {@code via}, in order
 */
public record TraceEvent(Kind kind, String actor, @Nullable String target, @Nullable String intent, String message,
        Map<String, String> attributes) {

    /** The kinds of events. */
    public enum Kind {
        /** A phase of the scenario starts. */
        PHASE,
        /** One agent calls another, by intent or by name. */
        CALL,
        /** The callee answered; the message is its summary. */
        REPLY,
        /** An agent reports a step of its own work. */
        STEP,
        /** The scenario's result. */
        OUTCOME
    }

    /** Validates and copies the components. */
    public TraceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(message, "message");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Returns the start of phase {@code number}. */
    public static TraceEvent phase(int number, String title) {
        return new TraceEvent(Kind.PHASE, "phase " + number, null, null, title, Map.of("phase", Integer.toString(number)));
    }

    /**
     * Returns a call from {@code caller} to {@code callee}.
     *
     * @param intent the intent resolved, or {@code null} for a call by name
     * @param attributes facts about the call, such as the resolution {@code score}
     */
    public static TraceEvent call(String caller, String callee, @Nullable String intent, Map<String, String> attributes) {
        return new TraceEvent(Kind.CALL, caller, callee, intent, "", attributes);
    }

    /** Returns the reply of {@code callee} to {@code caller}, shown by its summary. */
    public static TraceEvent reply(String callee, String caller, String summary) {
        return new TraceEvent(Kind.REPLY, callee, caller, null, summary, Map.of());
    }

    /** Returns a step {@code agent} took on its own. */
    public static TraceEvent step(String agent, String message) {
        return new TraceEvent(Kind.STEP, agent, null, null, message, Map.of());
    }

    /** Returns the outcome of the scenario. */
    public static TraceEvent outcome(String message) {
        return new TraceEvent(Kind.OUTCOME, "outcome", null, null, message, Map.of());
    }

    /** Renders the event as one readable line (indented unless it is a phase or the outcome). */
    public String render() {
        return switch (kind) {
            case PHASE -> "== Phase " + attributes.getOrDefault("phase", "?") + ": " + message + " ==";
            case CALL -> "  " + actor + " -> " + target
                    + (intent == null ? "  by name" : "  intent \"" + intent + "\"") + renderAttributes();
            case REPLY -> "  " + target + " <- " + actor + "  " + message;
            case STEP -> "  " + actor + ": " + message;
            case OUTCOME -> "=> " + message;
        };
    }

    private String renderAttributes() {
        if (attributes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("  [");
        attributes.forEach((key, value) -> {
            if (out.length() > 3) {
                out.append(", ");
            }
            out.append(key).append('=').append(value);
        });
        return out.append(']').toString();
    }
}
