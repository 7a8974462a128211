package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.Indicator;
import dev.acf.demo.network.SimulatedNetwork;

/**
 * Speaks with the customer: puts diagnostic questions to them ({@code task=ask}, answered from
 * what they see at home) and runs the satisfaction survey, booking an engineer's follow-up
 * review ({@code task=survey}).
 */
final class PersonalAssistantAgent implements AgentBehavior {
    static final String ID = "personal-assistant";

    private final SimulatedNetwork network;

    PersonalAssistantAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        return "survey".equals(request.path("task").asText()) ? survey(request, peers) : ask(request, peers);
    }

    private JsonNode ask(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        ArrayNode answers = Payload.object().arrayNode();
        for (JsonNode question : request.path("questions")) {
            Indicator indicator = Indicator.byKey(question.path("key").asText()).orElse(null);
            Object value = indicator == null ? null
                    : network.read(subscriberId, indicator, Channel.CUSTOMER, 1).orElse(null);
            if (value instanceof Boolean yes) {
                String said = yes ? "Yes." : "No.";
                peers.trace().step(ID, "asked " + subscriberId + ": \"" + question.path("question").asText() + "\" -> \""
                        + said + "\"");
                answers.add(Payload.object().put("key", indicator.key()).put("answer", said).put("value", yes));
            }
        }
        ObjectNode reply = Payload.reply(ID, "customer answered " + answers.size() + " question(s)");
        reply.set("answers", answers);
        return reply;
    }

    private JsonNode survey(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        boolean dispatched = "DISPATCH".equals(request.path("resolution").asText());
        boolean working = request.path("validationPassed").asBoolean();
        int score = !working ? 2 : (dispatched ? 4 : 5) - (network.noise("survey:" + subscriberId) < 0.25 ? 1 : 0);
        String comment = !working ? "Still not working properly."
                : dispatched ? "The engineer fixed it, but we were offline for a while."
                : "Fixed remotely within minutes, great.";
        peers.trace().step(ID, subscriberId + " rated the handling " + score + "/5: \"" + comment + "\"");
        JsonNode review = peers.call(RepairIntents.BOOK_REVIEW,
                Payload.object().put("task", "review").put("subscriberId", subscriberId));
        ObjectNode reply = Payload.reply(ID, "satisfaction " + score + "/5, follow-up review " + review.path("when").asText()
                + " with " + review.path("engineer").asText());
        reply.put("satisfaction", score).put("comment", comment);
        reply.set("followUp", review);
        return reply;
    }
}
