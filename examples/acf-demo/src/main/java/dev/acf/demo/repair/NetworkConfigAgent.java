package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ValidationException;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Cell;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Subscriber;

/** Element management: applies a named remote action to a home gateway, an ONT or a cell. */
final class NetworkConfigAgent implements AgentBehavior {
    static final String ID = "network-config";

    private final SimulatedNetwork network;

    NetworkConfigAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String action = Payload.text(request, "action");
        Subscriber s = network.subscriber(Payload.text(request, "subscriberId"));
        String change = switch (action) {
            case "restart-device" -> network.restartDevice(s.id());
            case "set-wifi-channel" -> network.setWifiChannel(s.id(), SimulatedNetwork.CLEAR_WIFI_CHANNEL);
            case "restore-dns" -> network.setDnsServers(s.id(), SimulatedNetwork.STANDARD_DNS);
            case "reprovision-ont" -> network.setOntVlan(s.id(), s.serviceVlan());
            case "restore-tilt" -> {
                Cell cell = network.cells().stream().filter(c -> c.id().equals(s.accessPointId())).findFirst()
                        .orElseThrow(() -> new ValidationException(s.id() + " is not served by a radio cell"));
                yield network.setCellTilt(cell.id(), cell.plannedTiltDeg());
            }
            default -> throw new ValidationException("unknown action '" + action
                    + "'; known: restart-device, set-wifi-channel, restore-dns, reprovision-ont, restore-tilt");
        };
        peers.trace().step(ID, change);
        return Payload.reply(ID, "applied " + action + ": " + change).put("change", change);
    }
}
