package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ValidationException;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;

/** Phase 1: classifies a complaint and triggers preprocessing for it. */
final class ComplaintIntentAgent implements AgentBehavior {
    static final String ID = "complaint-intent";

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String complaint = Payload.text(request, "complaint");
        String account = Complaints.account(complaint)
                .orElseThrow(() -> new ValidationException("the complaint names no account number (SUB-nnnn)"));
        ComplaintType type = Complaints.classify(complaint);
        peers.trace().step(ID, "\"" + complaint + "\" -> " + type + " for " + account);

        ObjectNode ask = Payload.object().put("subscriberId", account).put("complaintType", type.name());
        JsonNode facts = peers.call(RepairIntents.GATHER_FACTS, ask);

        ObjectNode answer = Payload.reply(ID, type + " complaint of " + account + ", " + facts.path("evidence").size()
                + " facts gathered");
        answer.put("subscriberId", account).put("complaintType", type.name());
        answer.set("profile", facts.path("profile"));
        answer.set("evidence", facts.path("evidence"));
        return answer;
    }
}
