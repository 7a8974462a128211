package dev.acf.demo.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an agent does with one request: reads a JSON request, may call other agents through
 * {@link Collaborators}, and answers a JSON object. Every answer carries an {@code agent} field
 * (the answering agent's id) and a {@code summary} field (one readable line for the trace).
 *
 * <p>Behaviours are deterministic given the simulated network's state and may be called from
 * any thread; those that change the network do so through its synchronized methods.
 *
 * <pre>{@code
 * AgentBehavior echo = (request, peers) -> Payload.reply("echo", "echoed", request);
 * }</pre>
 */
@FunctionalInterface
public interface AgentBehavior {
    /**
     * Handles one request.
     *
     * @param request the request, a JSON object
     * @param collaborators how this agent reaches other agents, as this agent
     * @return the answer, a JSON object
     * @throws dev.acf.api.error.ValidationException if the request lacks a field the agent needs
     */
    JsonNode handle(JsonNode request, Collaborators collaborators);
}
