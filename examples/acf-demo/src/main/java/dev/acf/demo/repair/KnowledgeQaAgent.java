package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.Indicator;

/**
 * The troubleshooting knowledge base: turns missing customer-side facts into questions, has
 * the personal assistant put them to the customer ({@code task=questions}), and gives the
 * recommended fix for a diagnosed fault ({@code task=recommend}).
 */
final class KnowledgeQaAgent implements AgentBehavior {
    static final String ID = "knowledge-qa";

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        return "recommend".equals(request.path("task").asText()) ? recommend(request) : questions(request, peers);
    }

    private JsonNode questions(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        ArrayNode questions = Payload.object().arrayNode();
        for (Indicator indicator : Readings.requested(request)) {
            questions.add(Payload.object().put("key", indicator.key()).put("question", question(indicator)));
        }
        ObjectNode ask = Payload.object().put("task", "ask").put("subscriberId", subscriberId);
        ask.set("questions", questions);
        JsonNode answers = peers.call(RepairIntents.ASK_CUSTOMER, ask);
        ObjectNode values = Payload.object();
        for (JsonNode answer : answers.path("answers")) {
            values.set(answer.path("key").asText(), answer.path("value"));
        }
        ObjectNode reply = Payload.reply(ID, "asked " + questions.size() + " question(s), learned " + values);
        reply.set("values", values);
        reply.set("dialogue", answers.path("answers"));
        return reply;
    }

    static String question(Indicator indicator) {
        return switch (indicator) {
            case USER_LOS_LIGHT -> "Is the light marked LOS on your fibre box red or blinking red?";
            case USER_WIRED_OK -> "If you plug a computer into the router with a cable, does the internet work normally?";
            case USER_APPS_WORK -> "Do some apps, such as messaging or streaming, still work while the problem is on?";
            default -> "Can you tell us more about " + indicator.key() + "?";
        };
    }

    private JsonNode recommend(JsonNode request) {
        FaultType cause = FaultType.valueOf(Payload.text(request, "rootCause"));
        String location = Payload.text(request, "location");
        int affected = request.path("affectedCount").asInt(1);
        String text = switch (cause) {
            case FIBER_CUT -> "Splice the feeder fibre of PON port " + location + "; " + affected
                    + " customers are down, treat as urgent and notify them proactively.";
            case OPTICAL_DEGRADATION -> "Restart the ONT first; if received power stays below -26 dBm, send an engineer"
                    + " to clean or replace the connector on " + location + ".";
            case WIFI_INTERFERENCE -> "Move the home Wi-Fi off the crowded 2.4 GHz channel to a clear 5 GHz channel.";
            case DNS_MISCONFIGURATION -> "Restore the operator's DNS resolvers on the home gateway.";
            case RAN_COVERAGE_HOLE -> "Restore the planned antenna tilt of " + location + " to close the coverage hole at the"
                    + " cell edge (" + affected + " homes).";
            case ONT_MISCONFIGURATION -> "Re-provision the ONT with the service VLAN recorded in the inventory.";
        };
        ObjectNode reply = Payload.reply(ID, text);
        reply.put("recommendation", text);
        return reply;
    }
}
