package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.AccessType;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Subscriber;
import java.util.List;
import java.util.Map;

/** Answers who a subscriber is, what they pay for and what equipment serves them. */
final class CustomerProfileAgent implements AgentBehavior {
    static final String ID = "customer-profile";

    private final SimulatedNetwork network;

    CustomerProfileAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        Subscriber s = network.subscriber(Payload.text(request, "subscriberId"));
        boolean fibre = s.access() == AccessType.FIBER;
        ObjectNode answer = Payload.reply(ID, s.id() + ": " + s.plan() + " over " + (fibre ? "fibre" : "5G fixed wireless")
                + " via " + s.accessPointId());
        answer.put("subscriberId", s.id()).put("name", s.name()).put("address", s.address()).put("siteId", s.siteId())
                .put("access", s.access().name()).put("accessPointId", s.accessPointId()).put("plan", s.plan())
                .put("downMbps", s.downMbps());
        answer.set("devices", Payload.of(List.of(
                Map.of("type", fibre ? "ONT" : "5G CPE", "serial", s.deviceSerial()),
                Map.of("type", "home gateway", "wifi", "dual-band 2.4/5 GHz"))));
        return answer;
    }
}
