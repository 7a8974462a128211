package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Inventory;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Phase 3: a domain-specific configuration agent (access, IP edge, home network or service
 * platform). Generates and pushes its domain's configuration for an order ({@code task=apply},
 * the default) and reports what the domain holds and its status ({@code task=report}). In the
 * domain the seed picks, the first push of an order goes subtly wrong, as real pushes do.
 */
final class DomainConfigAgent implements AgentBehavior {
    private final String id;
    private final String domain;
    private final SimulatedNetwork network;

    DomainConfigAgent(String id, String domain, SimulatedNetwork network) {
        this.id = id;
        this.domain = domain;
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String orderId = Payload.text(request, "orderId");
        Inventory inventory = network.inventory();
        if ("report".equals(request.path("task").asText())) {
            ObjectNode answer = Payload.reply(id, domain + " holds " + inventory.config(domain, orderId).size() + " setting(s)")
                    .put("domain", domain);
            answer.set("config", Payload.of(inventory.config(domain, orderId)));
            if (domain.equals("access")) {
                answer.set("status", Payload.of(Map.of("ontRegistered", inventory.ontInstalled(orderId))));
            }
            return answer;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        request.path("settings").properties().forEach(entry -> settings.put(entry.getKey(), entry.getValue().asText()));
        int push = inventory.countPush(domain, orderId);
        if (push == 1 && domain.equals(inventory.glitchDomain())) {
            String spoiled = spoil(settings);
            peers.trace().step(id, "push " + push + " for " + orderId + ": " + spoiled);
        }
        inventory.writeConfig(domain, orderId, settings);
        ObjectNode answer = Payload.reply(id, "configured " + domain + " for " + orderId + " (push " + push + ")")
                .put("domain", domain).put("push", push);
        answer.set("applied", Payload.of(settings));
        return answer;
    }

    // The realistic slips: a default VLAN, a default speed profile, a Wi-Fi push lost while the ONT registers, IPTV left off.
    private String spoil(Map<String, String> settings) {
        return switch (domain) {
            case "access" -> "ONT came up on default VLAN " + settings.put("vlan", "1");
            case "ip-edge" -> "speed profile fell back to 100M instead of " + settings.put("speedProfile", "100M");
            case "home-network" -> "Wi-Fi settings lost while the ONT was still registering (SSID " + settings.remove("ssid") + ")";
            default -> "IPTV entitlement not set (was " + settings.put("iptv", "false") + ")";
        };
    }
}
