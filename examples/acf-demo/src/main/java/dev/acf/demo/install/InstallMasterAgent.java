package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.agent.Trace;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The master control agent of service installation: drives phases 2 to 4 for a structured
 * intent. Opens the order, has the plan made and the visit booked, has every domain
 * configured, then runs the closed validation loop, re-pushing (by name) the configuration of
 * every agent a finding names until validation passes, and completes the order.
 */
final class InstallMasterAgent implements AgentBehavior {
    static final String ID = "install-master";
    static final int MAX_VALIDATION_ROUNDS = 3;

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        Trace trace = peers.trace();
        JsonNode intent = request.path("intent");

        trace.phase(2, "Service orchestration and resource allocation");
        JsonNode order = peers.call(InstallIntents.OPEN_ORDER, Payload.object().put("task", "open"));
        String orderId = Payload.text(order, "orderId");
        ObjectNode planRequest = Payload.object().put("orderId", orderId).put("subscriberId", Payload.text(order, "subscriberId"));
        planRequest.set("intent", intent);
        JsonNode plan = peers.call(InstallIntents.PLAN, planRequest).path("plan");
        JsonNode visit = peers.call(InstallIntents.BOOK_VISIT, Payload.object().put("task", "install-visit")
                .put("orderId", orderId).put("siteId", plan.path("siteId").asText())
                .put("preferredDay", intent.path("preferredDay").asText()).put("preferredWindow", intent.path("preferredWindow").asText()));

        trace.phase(3, "Data preparation and distribution: configuring the network elements");
        Map<String, String> configuredBy = new LinkedHashMap<>();
        for (var domain : plan.path("domains").properties()) {
            ObjectNode push = Payload.object().put("task", "apply").put("orderId", orderId);
            push.set("settings", domain.getValue());
            JsonNode applied = peers.call(InstallIntents.CONFIGURE.get(domain.getKey()), push);
            configuredBy.put(domain.getKey(), Payload.text(applied, "agent"));
        }

        trace.phase(4, "Service validation (closed loop)");
        int round = 0;
        boolean passed = false;
        Set<String> corrected = new LinkedHashSet<>();
        while (!passed && round < MAX_VALIDATION_ROUNDS) {
            round++;
            ObjectNode verify = Payload.object().put("orderId", orderId);
            verify.set("plan", plan);
            verify.set("configuredBy", Payload.of(configuredBy));
            JsonNode result = peers.call(InstallIntents.VERIFY, verify);
            passed = result.path("passed").asBoolean();
            trace.step(ID, "validation round " + round + ": " + (passed ? "passed" : "failed, correcting"));
            Set<String> failing = new LinkedHashSet<>();
            result.path("findings").forEach(finding -> failing.add(finding.path("domain").asText()));
            for (String domain : failing) {
                ObjectNode push = Payload.object().put("task", "apply").put("orderId", orderId);
                push.set("settings", plan.path("domains").path(domain));
                peers.callByName(configuredBy.get(domain), push);
                corrected.add(domain);
            }
        }
        JsonNode completed = passed
                ? peers.call(InstallIntents.COMPLETE_ORDER, Payload.object().put("task", "complete").put("orderId", orderId)
                        .set("plan", plan))
                : Payload.object().put("status", "held");

        ObjectNode answer = Payload.reply(ID, orderId + (passed ? " installed and validated" : " NOT validated")
                + " after " + round + " validation round(s)");
        answer.put("orderId", orderId).put("validationRounds", round).put("validationPassed", passed)
                .put("orderStatus", completed.path("status").asText());
        answer.set("plan", plan);
        answer.set("visit", visit);
        answer.set("configuredBy", Payload.of(configuredBy));
        answer.set("corrected", Payload.of(corrected));
        return answer;
    }
}
