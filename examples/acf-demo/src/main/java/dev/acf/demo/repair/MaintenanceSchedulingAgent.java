package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ValidationException;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Engineer;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.Indicator;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Site;
import dev.acf.demo.network.Subscriber;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plans field work ({@code task=dispatch}: nearest engineer with the skill, timed by urgency;
 * the simulated visit then completes), monitors a repaired service ({@code task=monitor}) and
 * books follow-up reviews ({@code task=review}).
 */
final class MaintenanceSchedulingAgent implements AgentBehavior {
    static final String ID = "maintenance-scheduling";
    static final int MONITOR_INTERVALS = 4;

    private final SimulatedNetwork network;

    MaintenanceSchedulingAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        Subscriber subscriber = network.subscriber(Payload.text(request, "subscriberId"));
        return switch (request.path("task").asText()) {
            case "dispatch" -> dispatch(subscriber, request, peers);
            case "monitor" -> monitor(subscriber, request, peers);
            case "review" -> review(subscriber);
            default -> throw new ValidationException("task must be dispatch, monitor or review");
        };
    }

    private JsonNode dispatch(Subscriber subscriber, JsonNode request, Collaborators peers) {
        String skill = Payload.text(request, "skill");
        String location = Payload.text(request, "location");
        boolean urgent = request.path("urgent").asBoolean();
        Site site = network.site(subscriber.siteId());
        Engineer engineer = network.engineers().stream().filter(e -> e.skills().contains(skill))
                .min(Comparator.comparingDouble((Engineer e) -> network.site(e.siteId()).distanceTo(site))
                        .thenComparing(Engineer::id))
                .orElseThrow(() -> new ValidationException("no engineer has the skill '" + skill + "'"));
        double km = network.site(engineer.siteId()).distanceTo(site);
        String eta = urgent ? String.format(Locale.ROOT, "on site in %d min", 20 + Math.round(km * 3))
                : "tomorrow 08:00-12:00";
        String workOrder = String.format(Locale.ROOT, "WO-%05d", 40000 + (int) (network.noise("wo:" + location) * 9999));
        peers.trace().step(ID, String.format(Locale.ROOT, "%s: %s (%s, %.1f km away), %s, %s", workOrder, engineer.id(),
                skill, km, eta, urgent ? "urgent: " + request.path("affectedCount").asInt(1) + " customers down" : "normal priority"));
        boolean repaired = network.completeFieldRepair(location);
        peers.trace().step(ID, workOrder + " closed: " + engineer.name() + (repaired ? " repaired " : " found nothing to repair at ")
                + location);
        ObjectNode answer = Payload.reply(ID, workOrder + " to " + engineer.id() + ", " + eta);
        answer.put("workOrder", workOrder).put("engineer", engineer.id()).put("engineerName", engineer.name())
                .put("skill", skill).put("distanceKm", Math.round(km * 10) / 10.0).put("eta", eta).put("urgent", urgent)
                .put("completed", repaired);
        return answer;
    }

    private JsonNode monitor(Subscriber subscriber, JsonNode request, Collaborators peers) {
        String cause = request.path("rootCause").asText("");
        Indicator watched = cause.isEmpty() ? Indicator.SESSION_UP : FaultHandlingAgent.remedy(FaultType.valueOf(cause)).check();
        ArrayNode samples = Payload.object().arrayNode();
        boolean stable = true;
        for (int interval = 1; interval <= MONITOR_INTERVALS; interval++) {
            ObjectNode ask = Payload.object().put("subscriberId", subscriber.id()).put("attempt", interval + 1);
            ask.set("indicators", Payload.of(List.of(watched.key(), Indicator.SESSION_UP.key())));
            JsonNode values = peers.call(RepairIntents.REPOLL, ask).path("values");
            boolean ok = values.path(Indicator.SESSION_UP.key()).asBoolean(false)
                    && (cause.isEmpty() || values.has(watched.key())
                        && FaultHandlingAgent.remedy(FaultType.valueOf(cause)).healthy().test(values.get(watched.key())));
            stable &= ok;
            ObjectNode sample = Payload.object().put("interval", interval).put("ok", ok);
            sample.set("values", values);
            samples.add(sample);
        }
        peers.trace().step(ID, MONITOR_INTERVALS + " monitoring intervals on " + watched.key() + ": "
                + (stable ? "stable, no recurrence" : "recurrence detected"));
        ObjectNode answer = Payload.reply(ID, (stable ? "stable" : "unstable") + " over " + MONITOR_INTERVALS + " intervals");
        answer.put("stable", stable);
        answer.set("samples", samples);
        return answer;
    }

    private JsonNode review(Subscriber subscriber) {
        Site site = network.site(subscriber.siteId());
        Engineer reviewer = network.engineers().stream()
                .min(Comparator.comparingDouble((Engineer e) -> network.site(e.siteId()).distanceTo(site)).thenComparing(Engineer::id))
                .orElseThrow();
        String when = "in 7 days, " + (network.noise("review:" + subscriber.id()) < 0.5 ? "10:00" : "16:00");
        ObjectNode answer = Payload.reply(ID, "follow-up review with " + reviewer.id() + " " + when);
        answer.put("engineer", reviewer.id()).put("engineerName", reviewer.name()).put("when", when);
        return answer;
    }
}
