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
 * Re-collects data on demand: polls and probes the equipment itself, and asks the data
 * collection agent for whatever live probes cannot see (configuration, history).
 */
final class PerceptionCollectionAgent implements AgentBehavior {
    static final String ID = "perception-collection";

    private final SimulatedNetwork network;

    PerceptionCollectionAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        int attempt = request.path("attempt").asInt(1);
        List<Indicator> live = new ArrayList<>();
        List<Indicator> stored = new ArrayList<>();
        for (Indicator indicator : Readings.requested(request)) {
            (indicator.channels().contains(Channel.LIVE) ? live : stored).add(indicator);
        }
        ObjectNode values = Payload.object();
        List<String> missing = new ArrayList<>();
        Readings.read(network, subscriberId, live, Channel.LIVE, attempt, values, missing);
        if (!missing.isEmpty()) {
            peers.trace().step(ID, "poll timed out for " + missing + " (attempt " + attempt + ")");
        }
        if (!stored.isEmpty()) {
            ObjectNode ask = Payload.object().put("subscriberId", subscriberId);
            ask.set("indicators", Payload.of(stored.stream().map(Indicator::key).toList()));
            JsonNode records = peers.call(RepairIntents.STORED_RECORDS, ask);
            Readings.merge(values, records.path("values"));
            records.path("missing").forEach(key -> missing.add(key.asText()));
        }
        return Readings.answer(ID, "fresh data " + values + (missing.isEmpty() ? "" : ", still missing " + missing),
                values, missing);
    }
}
