package dev.acf.demo.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.error.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process stand-in for ANS resolution plus the gateway: routes intents to agents with a
 * deterministic keyword matcher over their cards, calls behaviours directly, and traces every
 * call and reply. Used by tests and for runs without a network; the real demo resolves through
 * ANS and calls through the gateway instead. Thread-safe.
 *
 * <pre>{@code
 * InMemoryAgents mesh = new InMemoryAgents(scenario.agents(), trace);
 * DiagnosisOutcome outcome = scenario.run(mesh.as(Scenario.DESK));
 * }</pre>
 */
public final class InMemoryAgents {
    /** The deepest chain of nested calls allowed, so that a routing loop fails instead of overflowing. */
    public static final int MAX_CALL_DEPTH = 16;

    private final Map<String, AgentDefinition> agents = new LinkedHashMap<>();
    private final KeywordMatcher matcher;
    private final Trace trace;
    private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);

    /**
     * Creates the mesh.
     *
     * @throws IllegalArgumentException if two agents share an id
     */
    public InMemoryAgents(List<AgentDefinition> agents, Trace trace) {
        for (AgentDefinition agent : agents) {
            if (this.agents.putIfAbsent(agent.id(), agent) != null) {
                throw new IllegalArgumentException("two agents have the id " + agent.id());
            }
        }
        this.matcher = new KeywordMatcher(List.copyOf(this.agents.values()));
        this.trace = Objects.requireNonNull(trace, "trace");
    }

    /** Returns the collaborators that call as {@code callerId} (an agent id or {@link Scenario#DESK}). */
    public Collaborators as(String callerId) {
        Objects.requireNonNull(callerId, "callerId");
        return new Collaborators() {
            @Override
            public JsonNode call(String intent, JsonNode request) {
                KeywordMatcher.Match match = matcher.best(intent).orElseThrow(() -> new NotFoundException(
                        ErrorCode.AGENT_NOT_FOUND, "no agent matches the intent '" + intent + "'"));
                trace.record(TraceEvent.call(callerId, match.agentId(), intent,
                        Map.of("score", String.format(Locale.ROOT, "%.2f", match.score()))));
                return invoke(callerId, agents.get(match.agentId()), request);
            }

            @Override
            public JsonNode callByName(String agentId, JsonNode request) {
                AgentDefinition agent = agents.get(agentId);
                if (agent == null) {
                    throw new NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no agent is named '" + agentId + "'");
                }
                trace.record(TraceEvent.call(callerId, agentId, null, Map.of()));
                return invoke(callerId, agent, request);
            }

            @Override
            public Trace trace() {
                return trace;
            }

            @Override
            public String self() {
                return callerId;
            }
        };
    }

    /** Returns the id of the agent an intent reaches, if any. */
    public Optional<String> resolve(String intent) {
        return matcher.best(intent).map(KeywordMatcher.Match::agentId);
    }

    private JsonNode invoke(String callerId, AgentDefinition callee, JsonNode request) {
        int level = depth.get();
        if (level >= MAX_CALL_DEPTH) {
            throw new LimitExceededException("calls nested deeper than " + MAX_CALL_DEPTH + " at " + callee.id());
        }
        depth.set(level + 1);
        try {
            JsonNode answer = callee.behavior().handle(request.deepCopy(), as(callee.id()));
            trace.record(TraceEvent.reply(callee.id(), callerId, answer.path("summary").asText("(no summary)")));
            return answer;
        } finally {
            depth.set(level);
        }
    }
}
