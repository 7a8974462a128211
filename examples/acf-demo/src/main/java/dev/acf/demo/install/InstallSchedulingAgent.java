package dev.acf.demo.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ValidationException;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.Engineer;
import dev.acf.demo.network.Indicator;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Site;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The installation and maintenance scheduling agent of case 1: books (and, in the simulation,
 * completes) the installation visit ({@code task=install-visit}), monitors a new line's quality
 * ({@code task=monitor}) and books follow-up reviews ({@code task=review}).
 */
final class InstallSchedulingAgent implements AgentBehavior {
    static final String ID = "maintenance-scheduling";
    static final int MONITOR_INTERVALS = 4;

    private final SimulatedNetwork network;

    InstallSchedulingAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        return switch (request.path("task").asText()) {
            case "install-visit" -> visit(request, peers);
            case "monitor" -> monitor(request, peers);
            case "review" -> review(request);
            default -> throw new ValidationException("task must be install-visit, monitor or review");
        };
    }

    private JsonNode visit(JsonNode request, Collaborators peers) {
        String orderId = Payload.text(request, "orderId");
        Engineer engineer = nearest(network.site(Payload.text(request, "siteId")), "ont-installation");
        String slot = request.path("preferredDay").asText("Monday") + " " + request.path("preferredWindow").asText("morning");
        network.inventory().markOntInstalled(orderId);
        peers.trace().step(ID, engineer.id() + " (" + engineer.name() + ") booked " + slot + "; ONT fitted and powered for " + orderId);
        return Payload.reply(ID, "installation visit " + slot + " with " + engineer.id())
                .put("engineer", engineer.id()).put("slot", slot).put("done", true);
    }

    private JsonNode monitor(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        boolean stable = true;
        StringBuilder samples = new StringBuilder();
        for (int day = 1; day <= MONITOR_INTERVALS; day++) {
            boolean online = read(subscriberId, Indicator.ONT_ONLINE, day).map(Boolean.class::cast).orElse(false);
            boolean session = read(subscriberId, Indicator.SESSION_UP, day).map(Boolean.class::cast).orElse(false);
            double rx = read(subscriberId, Indicator.RX_POWER, day).map(v -> ((Number) v).doubleValue()).orElse(-40.0);
            stable &= online && session && rx >= -26;
            samples.append(String.format(Locale.ROOT, "%sday %d rx %.1f dBm", day == 1 ? "" : ", ", day, rx));
        }
        peers.trace().step(ID, subscriberId + " over " + MONITOR_INTERVALS + " days: " + samples + (stable ? ": stable" : ": degraded"));
        return Payload.reply(ID, (stable ? "stable" : "degraded") + " over the first " + MONITOR_INTERVALS + " days")
                .put("stable", stable);
    }

    private Optional<Object> read(String subscriberId, Indicator indicator, int day) {
        return network.read(subscriberId, indicator, Channel.LIVE, day + 1);
    }

    private JsonNode review(JsonNode request) {
        String subscriberId = Payload.text(request, "subscriberId");
        Engineer reviewer = nearest(network.site(network.subscriber(subscriberId).siteId()), "home-network");
        String when = "in 14 days, " + (network.noise("review:" + subscriberId) < 0.5 ? "11:00" : "17:00");
        return Payload.reply(ID, "follow-up review with " + reviewer.id() + " " + when)
                .put("engineer", reviewer.id()).put("when", when);
    }

    private Engineer nearest(Site site, String skill) {
        return network.engineers().stream().filter(e -> e.skills().contains(skill))
                .min(Comparator.comparingDouble((Engineer e) -> network.site(e.siteId()).distanceTo(site)).thenComparing(Engineer::id))
                .orElseThrow(() -> new ValidationException("no engineer has the skill '" + skill + "'"));
    }
}
