package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.PolicyException;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase 2: plans the service path of a new line and allocates its resources (through the site
 * survey and resource inventory agents), and states the configuration each domain must hold.
 */
final class OrchestrationAgent implements AgentBehavior {
    static final String ID = "orchestration";

    private final SimulatedNetwork network;

    OrchestrationAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        JsonNode intent = request.path("intent");
        String address = Payload.text(intent, "address");
        int mbps = intent.path("downMbps").asInt();
        JsonNode site = peers.call(InstallIntents.CHECK_ADDRESS, Payload.object().put("address", address));
        if (!site.path("fiberReady").asBoolean()) {
            throw new PolicyException(address + " is not fibre-ready");
        }
        JsonNode resources = peers.call(InstallIntents.RESERVE, Payload.object()
                .put("orderId", Payload.text(request, "orderId")).put("preferredPortId", Payload.text(site, "dropPortId")));
        String port = Payload.text(resources, "portId");
        int vlan = resources.path("vlan").asInt();
        String ont = Payload.text(resources, "ontSerial");

        Map<String, Map<String, String>> domains = new LinkedHashMap<>();
        domains.put("access", Map.of("ontSerial", ont, "port", port, "vlan", Integer.toString(vlan), "lineProfile", "GPON-" + mbps + "M"));
        domains.put("ip-edge", Map.of("vlan", Integer.toString(vlan), "ipPool", Payload.text(resources, "ipPool"),
                "speedProfile", mbps + "M"));
        domains.put("home-network", Map.of("ssid", "EBO-" + subscriberId.substring(subscriberId.length() - 4),
                "dnsServers", String.join(",", SimulatedNetwork.STANDARD_DNS)));
        if (intent.path("addOns").size() > 0) {
            domains.put("service-platform", Map.of("iptv", Boolean.toString(contains(intent, "iptv")),
                    "voip", Boolean.toString(contains(intent, "voip"))));
        }
        List<String> path = List.of("home gateway", "ONT " + ont, "PON " + port, "OLT " + port.substring(0, port.indexOf('-', 4)),
                "BNG " + network.site(site.path("siteId").asText()).name(), "core");
        peers.trace().step(ID, "service path " + String.join(" -> ", path) + "; domains " + domains.keySet());

        ObjectNode plan = Payload.object().put("orderId", Payload.text(request, "orderId")).put("subscriberId", subscriberId)
                .put("customerName", Payload.text(intent, "customerName")).put("address", address)
                .put("siteId", site.path("siteId").asText()).put("portId", port).put("rerouted", resources.path("rerouted").asBoolean())
                .put("vlan", vlan).put("ontSerial", ont).put("downMbps", mbps);
        plan.set("servicePath", Payload.of(path));
        plan.set("domains", Payload.of(domains));
        ObjectNode answer = Payload.reply(ID, "planned " + port + " / VLAN " + vlan + " for " + subscriberId + ", "
                + domains.size() + " domains to configure");
        answer.set("plan", plan);
        return answer;
    }

    private static boolean contains(JsonNode intent, String addOn) {
        for (JsonNode value : intent.path("addOns")) {
            if (value.asText().equals(addOn)) {
                return true;
            }
        }
        return false;
    }
}
