package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Alarm;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.Indicator;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Subscriber;
import java.util.ArrayList;
import java.util.List;

/** Lists alarms near a subscriber ({@code task=alarms}) and works out a fault's impact scope ({@code task=scope}). */
final class AlarmTopologyAgent implements AgentBehavior {
    static final String ID = "alarm-topology";

    private final SimulatedNetwork network;

    AlarmTopologyAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        Subscriber subscriber = network.subscriber(Payload.text(request, "subscriberId"));
        return "scope".equals(request.path("task").asText()) ? scope(subscriber, request) : alarms(subscriber, request);
    }

    private JsonNode alarms(Subscriber subscriber, JsonNode request) {
        List<Alarm> alarms = network.alarms(subscriber.accessPointId(), request.path("attempt").asInt(1));
        ObjectNode answer = Payload.reply(ID, alarms.isEmpty() ? "no active alarms on " + subscriber.accessPointId()
                : alarms.size() + " active alarm(s): " + alarms.stream().map(a -> a.type() + "@" + a.source()).toList());
        answer.set("alarms", Payload.of(alarms));
        network.read(subscriber.id(), Indicator.PORT_LOS_ALARM, Channel.ALARMS, request.path("attempt").asInt(1))
                .ifPresent(los -> answer.set(Indicator.PORT_LOS_ALARM.key(), Payload.of(los)));
        return answer;
    }

    // The scope follows the shared element: a cut hits its whole PON port, a tilt error its cell edge.
    private JsonNode scope(Subscriber subscriber, JsonNode request) {
        FaultType cause = FaultType.valueOf(Payload.text(request, "rootCause"));
        List<String> affected = new ArrayList<>(List.of(subscriber.id()));
        String element = subscriber.accessPointId();
        for (Subscriber other : network.subscribersOn(subscriber.accessPointId())) {
            if (!other.id().equals(subscriber.id()) && sharesFault(cause, other)) {
                affected.add(other.id());
            }
        }
        if (affected.size() == 1) {
            element = subscriber.id();
        }
        ObjectNode answer = Payload.reply(ID, affected.size() + " customer(s) affected behind " + element);
        answer.put("element", element);
        answer.set("affected", Payload.of(affected));
        return answer;
    }

    private boolean sharesFault(FaultType cause, Subscriber other) {
        return switch (cause) {
            case FIBER_CUT -> network.read(other.id(), Indicator.ONT_ONLINE, Channel.LIVE, 2)
                    .map(online -> !(Boolean) online).orElse(false);
            case RAN_COVERAGE_HOLE -> network.read(other.id(), Indicator.RSRP, Channel.LIVE, 2)
                    .map(rsrp -> ((Number) rsrp).doubleValue() < -110).orElse(false);
            default -> false;
        };
    }
}
