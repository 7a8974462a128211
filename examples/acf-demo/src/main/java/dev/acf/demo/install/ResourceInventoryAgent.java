package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.SimulatedNetwork;

/** Reserves the logical and physical resources of a new line: PON port room, customer VLAN, ONT and IP pool. */
final class ResourceInventoryAgent implements AgentBehavior {
    static final String ID = "resource-inventory";

    private final SimulatedNetwork network;

    ResourceInventoryAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String preferred = Payload.text(request, "preferredPortId");
        int freeBefore = network.inventory().freeOn(preferred);
        String port = network.inventory().reservePort(preferred);
        boolean rerouted = !port.equals(preferred);
        if (rerouted) {
            peers.trace().step(ID, preferred + " is full (" + freeBefore + " free), re-routed to " + port);
        }
        int vlan = network.inventory().reserveVlan();
        String ont = network.inventory().reserveOnt();
        String pool = "pool-" + network.ports().stream().filter(p -> p.id().equals(port)).findFirst().orElseThrow().siteId();
        return Payload.reply(ID, "reserved " + port + ", VLAN " + vlan + ", ONT " + ont + ", " + pool)
                .put("portId", port).put("rerouted", rerouted).put("vlan", vlan).put("ontSerial", ont).put("ipPool", pool);
    }
}
