package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.NotFoundException;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Premises;
import dev.acf.demo.network.SimulatedNetwork;

/** Qualifies an address: which exchange covers it, whether fibre reaches it and which PON port its drop ends on. */
final class SiteSurveyAgent implements AgentBehavior {
    static final String ID = "site-survey";

    private final SimulatedNetwork network;

    SiteSurveyAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String address = Payload.text(request, "address");
        Premises premises = network.inventory().premisesAt(address)
                .orElseThrow(() -> new NotFoundException("no premises at '" + address + "' in the coverage map"));
        return Payload.reply(ID, address + ": " + (premises.fiberReady() ? "fibre-ready" : "no fibre") + ", drop on "
                        + premises.portId() + " (" + network.site(premises.siteId()).name() + ")")
                .put("siteId", premises.siteId()).put("fiberReady", premises.fiberReady()).put("dropPortId", premises.portId());
    }
}
