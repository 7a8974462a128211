package dev.acf.demo.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.client.ResolveOptions;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Trace;
import dev.acf.demo.agent.TraceEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The collaborators of one agent (or the desk) over the real stack: an intent is resolved by
 * the ANS (semantic resolution within the scenario's zone, the signed answer verified by the
 * client), a name is the callee's exact ANS name, and either way the request goes through the
 * gateway over mutual TLS with the caller's own identity. Each call is traced with the
 * resolution that chose its callee and recorded for the run. Thread-safe.
 */
final class GatewayCollaborators implements Collaborators {
    /** How many candidates a resolution asks for: the callee and the runners-up shown in the trace. */
    static final int CANDIDATES = 3;

    private final String self;
    private final CallerClient caller;
    private final RunBinding run;
    private final ZoneNames names;

    GatewayCollaborators(String self, CallerClient caller, RunBinding run, ZoneNames names) {
        this.self = self;
        this.caller = caller;
        this.run = run;
        this.names = names;
    }

    @Override
    public JsonNode call(String intent, JsonNode request) {
        List<ResolveResult> found = caller.client().resolve(intent, ResolveOptions.defaults().limit(CANDIDATES).filters(names.zoneFilter()));
        if (found.isEmpty()) {
            throw new NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no agent of zone " + names.zone() + " answers the intent '" + intent + "'");
        }
        List<AgentCall.Candidate> candidates = new ArrayList<>();
        for (ResolveResult result : found) {
            candidates.add(new AgentCall.Candidate(names.idOf(result.name()), result.score()));
        }
        AgentCall.Candidate best = candidates.get(0);
        String contextId = run.nextContextId();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("score", score(best.score()));
        if (candidates.size() > 1) {
            facts.put("next", candidates.get(1).agentId() + " " + score(candidates.get(1).score()));
        }
        facts.put("via", names.route(self, best.agentId()));
        facts.put("ctx", contextId);
        return send(new AgentCall(contextId, self, best.agentId(), intent, candidates), found.get(0).name(), request, facts);
    }

    @Override
    public JsonNode callByName(String agentId, JsonNode request) {
        AgentName name = names.nameOf(agentId);
        String contextId = run.nextContextId();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("ans", name.toString());
        facts.put("via", names.route(self, agentId));
        facts.put("ctx", contextId);
        return send(new AgentCall(contextId, self, agentId, null, List.of()), name, request, facts);
    }

    private JsonNode send(AgentCall call, AgentName callee, JsonNode request, Map<String, String> facts) {
        run.record(call);
        Trace trace = run.trace();
        trace.record(TraceEvent.call(self, call.callee(), call.intent(), facts));
        SendMessageResult result = caller.channel(callee).send(DataMessages.request(request, call.contextId()));
        JsonNode answer = DataMessages.answerOf(result, call.callee());
        trace.record(TraceEvent.reply(call.callee(), self, answer.path("summary").asText("(no summary)")));
        return answer;
    }

    @Override
    public Trace trace() {
        return run.trace();
    }

    @Override
    public String self() {
        return self;
    }

    private static String score(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
