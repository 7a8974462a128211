package dev.acf.demo.agent;

import java.util.Objects;

/**
 * An intent a scenario's agents (or its desk) send, and the agent meant to answer it: the
 * expectation any resolver, the in-process matcher or ANS, must meet. Immutable.
 *
 * @param caller the id of the agent (or {@code desk}) that sends the intent
 * @param intent the plain-language intent
 * @param agentId the id of the agent that should answer
 */
public record IntentRoute(String caller, String intent, String agentId) {
    /** Validates the components are present. */
    public IntentRoute {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(agentId, "agentId");
    }
}
