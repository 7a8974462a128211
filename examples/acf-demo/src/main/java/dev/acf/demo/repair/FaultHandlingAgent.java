package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.Indicator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Phase 3: tries the remote remedy for the root cause through the network configuration
 * agent, verifies it with a fresh reading, and when the fault persists has the scheduling
 * agent dispatch an engineer, then verifies again.
 */
final class FaultHandlingAgent implements AgentBehavior {
    static final String ID = "fault-handling";
    private static final int VERIFY_TRIES = 3;

    /** The remote action for a root cause and the reading that shows it worked. */
    record Remedy(String action, Indicator check, Predicate<JsonNode> healthy) {}

    static Remedy remedy(FaultType cause) {
        return switch (cause) {
            case FIBER_CUT -> new Remedy("restart-device", Indicator.ONT_ONLINE, JsonNode::asBoolean);
            case OPTICAL_DEGRADATION -> new Remedy("restart-device", Indicator.RX_POWER, v -> v.asDouble() >= -26);
            case WIFI_INTERFERENCE -> new Remedy("set-wifi-channel", Indicator.WIFI_UTILIZATION, v -> v.asInt() < 60);
            case DNS_MISCONFIGURATION -> new Remedy("restore-dns", Indicator.DNS_RESOLVES, JsonNode::asBoolean);
            case RAN_COVERAGE_HOLE -> new Remedy("restore-tilt", Indicator.RSRP, v -> v.asDouble() >= -105);
            case ONT_MISCONFIGURATION -> new Remedy("reprovision-ont", Indicator.SESSION_UP, JsonNode::asBoolean);
        };
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        FaultType cause = FaultType.valueOf(Payload.text(request, "rootCause"));
        String location = Payload.text(request, "location");
        Remedy remedy = remedy(cause);

        JsonNode change = peers.call(RepairIntents.PUSH_CHANGE, Payload.object().put("action", remedy.action())
                .put("subscriberId", subscriberId).put("location", location));
        boolean remoteWorked = verify(peers, subscriberId, remedy);
        peers.trace().step(ID, "remote action '" + remedy.action() + "' " + (remoteWorked ? "cleared the fault"
                : "did not help: " + remedy.check().key() + " still unhealthy"));

        ObjectNode answer;
        if (remoteWorked) {
            answer = Payload.reply(ID, "repaired remotely: " + change.path("change").asText());
            answer.put("resolution", "REMOTE_REPAIR").put("repaired", true);
        } else {
            ObjectNode dispatch = Payload.object().put("task", "dispatch").put("subscriberId", subscriberId)
                    .put("location", location).put("skill", cause.fieldSkill().orElse("ont-installation"))
                    .put("urgent", cause.urgent()).put("reason", cause.label())
                    .put("affectedCount", request.path("impactScope").size());
            JsonNode plan = peers.call(RepairIntents.SEND_ENGINEER, dispatch);
            boolean fixedOnSite = verify(peers, subscriberId, remedy);
            answer = Payload.reply(ID, "remote repair failed, dispatched " + plan.path("engineer").asText() + " ("
                    + plan.path("workOrder").asText() + "); " + (fixedOnSite ? "fixed on site" : "still faulty"));
            answer.put("resolution", "DISPATCH").put("repaired", fixedOnSite);
            answer.set("dispatch", plan);
        }
        answer.put("remoteAction", remedy.action()).put("remoteRepairSucceeded", remoteWorked);
        return answer;
    }

    private static boolean verify(Collaborators peers, String subscriberId, Remedy remedy) {
        for (int attempt = 1; attempt <= VERIFY_TRIES; attempt++) {
            ObjectNode ask = Payload.object().put("subscriberId", subscriberId).put("attempt", attempt);
            ask.set("indicators", Payload.of(List.of(remedy.check().key())));
            Optional<JsonNode> value = Optional.ofNullable(peers.call(RepairIntents.REPOLL, ask)
                    .path("values").get(remedy.check().key()));
            if (value.isPresent()) {
                return remedy.healthy().test(value.get());
            }
        }
        return false;
    }
}
