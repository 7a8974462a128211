package dev.acf.demo.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How an agent reaches the other agents of its scenario, and where it reports its steps.
 * One instance speaks for one caller: the calls it makes carry that caller's identity.
 *
 * <p>The real implementation resolves an intent through ANS semantic resolution and sends the
 * request through the gateway; {@link InMemoryAgents} routes in process with a keyword matcher.
 * Implementations are thread-safe.
 *
 * <pre>{@code
 * JsonNode profile = peers.call("look up the subscriber's contract, access line and home devices",
 *         Payload.of(Map.of("subscriberId", "SUB-0007")));
 * }</pre>
 */
public interface Collaborators {
    /**
     * Calls the agent that best matches a plain-language intent.
     *
     * @param intent what the caller needs, in plain language
     * @param request the request, a JSON object
     * @return the callee's answer, a JSON object
     * @throws dev.acf.api.error.NotFoundException if no agent matches the intent
     */
    JsonNode call(String intent, JsonNode request);

    /**
     * Calls an agent by its id within the scenario (the first label of its ANS host name).
     *
     * @param agentId the callee's id, such as {@code service-validation}
     * @param request the request, a JSON object
     * @return the callee's answer, a JSON object
     * @throws dev.acf.api.error.NotFoundException if no such agent exists
     */
    JsonNode callByName(String agentId, JsonNode request);

    /** Returns the sink for this caller's readable steps. */
    Trace trace();

    /** Returns the id of the agent (or desk) these calls are made as. */
    String self();
}
