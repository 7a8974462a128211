package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;

/** Phase 1: reads a customer's request into a structured service intent and hands it to the master control agent. */
final class OrderIntentAgent implements AgentBehavior {
    static final String ID = "order-intent";

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        ServiceRequests.ServiceIntent intent = ServiceRequests.parse(Payload.text(request, "request"));
        peers.trace().step(ID, "structured intent: " + intent.downMbps() + " Mbit/s fibre at " + intent.address()
                + " for " + intent.customerName() + ", add-ons " + intent.addOns() + ", visit " + intent.preferredDay()
                + " " + intent.preferredWindow());
        JsonNode fulfilled = peers.call(InstallIntents.FULFIL, Payload.object().set("intent", Payload.of(intent)));
        ObjectNode answer = Payload.reply(ID, "service intent recognised and fulfilled: " + fulfilled.path("summary").asText());
        answer.set("intent", Payload.of(intent));
        answer.set("fulfilment", fulfilled);
        return answer;
    }
}
