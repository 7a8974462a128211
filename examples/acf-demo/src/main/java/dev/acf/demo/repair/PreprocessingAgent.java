package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Indicator;
import java.util.List;

/** Phase 1: gathers the subscriber's profile, alarms and periodic counters into one evidence record. */
final class PreprocessingAgent implements AgentBehavior {
    static final String ID = "preprocessing";

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        ComplaintType type = ComplaintType.valueOf(Payload.text(request, "complaintType"));

        JsonNode profile = peers.call(RepairIntents.LOOK_UP_SUBSCRIBER, Payload.object().put("subscriberId", subscriberId));
        JsonNode alarms = peers.call(RepairIntents.LIST_ALARMS, Payload.object().put("task", "alarms")
                .put("subscriberId", subscriberId).put("accessPointId", profile.path("accessPointId").asText()));
        ObjectNode counters = Payload.object().put("subscriberId", subscriberId);
        counters.set("indicators", Payload.of(countersFor(type).stream().map(Indicator::key).toList()));
        JsonNode periodic = peers.call(RepairIntents.LATEST_COUNTERS, counters);

        ObjectNode evidence = Payload.object().put("access", profile.path("access").asText());
        if (alarms.has(Indicator.PORT_LOS_ALARM.key())) {
            evidence.set(Indicator.PORT_LOS_ALARM.key(), alarms.get(Indicator.PORT_LOS_ALARM.key()));
        }
        Readings.merge(evidence, periodic.path("values"));
        peers.trace().step(ID, "unified view of " + subscriberId + ": " + evidence
                + (periodic.path("missing").isEmpty() ? "" : ", gaps " + periodic.path("missing")));

        ObjectNode answer = Payload.reply(ID, "aggregated " + evidence.size() + " facts about " + subscriberId);
        answer.set("profile", profile);
        answer.set("alarms", alarms.path("alarms"));
        answer.set("evidence", evidence);
        return answer;
    }

    // Which periodic counters matter depends on what the customer complains about.
    private static List<Indicator> countersFor(ComplaintType type) {
        return switch (type) {
            case NO_SERVICE -> List.of(Indicator.ONT_ONLINE, Indicator.SESSION_UP, Indicator.RX_POWER, Indicator.RSRP);
            case INTERMITTENT -> List.of(Indicator.ONT_ONLINE, Indicator.SESSION_UP, Indicator.RX_POWER,
                    Indicator.CRC_ERRORS, Indicator.RSRP);
            case SLOW -> List.of(Indicator.ONT_ONLINE, Indicator.SESSION_UP, Indicator.RX_POWER, Indicator.RSRP);
            case WEBSITES_UNREACHABLE -> List.of(Indicator.ONT_ONLINE, Indicator.SESSION_UP);
        };
    }
}
