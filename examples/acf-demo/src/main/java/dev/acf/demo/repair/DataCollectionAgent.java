package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.Indicator;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves stored data: the latest periodic counters, and configuration snapshots and history
 * (stored records win when an indicator has both).
 */
final class DataCollectionAgent implements AgentBehavior {
    static final String ID = "data-collection";

    private final SimulatedNetwork network;

    DataCollectionAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        ObjectNode values = Payload.object();
        List<String> missing = new ArrayList<>();
        for (Indicator indicator : Readings.requested(request)) {
            Channel channel = indicator.channels().contains(Channel.RECORDS) ? Channel.RECORDS : Channel.PERIODIC;
            Readings.read(network, subscriberId, List.of(indicator), channel, 1, values, missing);
        }
        return Readings.answer(ID, "stored data " + values + (missing.isEmpty() ? "" : ", not collected " + missing),
                values, missing);
    }
}
