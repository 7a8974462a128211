package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.AccessType;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.Indicator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Phase 2: the root-cause loop. Weighs the evidence; while it is insufficient, asks the
 * perception data collection agent to re-collect what would tell the remaining hypotheses
 * apart and the knowledge QA agent to obtain the customer's observations; then reports the
 * most likely root cause, its impact scope and the recommended fix.
 *
 * <pre>
 *  evidence --> assess --settled?--> scope + recommendation
 *                 ^         | no
 *                 |         v
 *                 +--- re-collect (perception -> data collection)
 *                      + follow-up (knowledge QA -> personal assistant)
 * </pre>
 */
final class RootCauseAgent implements AgentBehavior {
    static final String ID = "root-cause";
    static final int MAX_ITERATIONS = 4;
    private static final int MAX_TRIES_PER_INDICATOR = 2;

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        String subscriberId = Payload.text(request, "subscriberId");
        JsonNode profile = request.path("profile");
        ObjectNode evidence = Payload.object();
        Readings.merge(evidence, request.path("evidence"));
        AccessType access = AccessType.valueOf(evidence.path("access").asText(profile.path("access").asText("FIBER")));

        Map<Indicator, Integer> tries = new HashMap<>();
        int iteration = 0;
        int recollections = 0;
        int questions = 0;
        List<Hypotheses.Standing> standings;
        while (true) {
            iteration++;
            standings = Hypotheses.assess(evidence, access);
            boolean settled = Hypotheses.settled(standings).isPresent();
            peers.trace().step(ID, "iteration " + iteration + ": " + describe(standings)
                    + (settled ? " -> settled" : " -> information insufficient"));
            if (settled || iteration == MAX_ITERATIONS) {
                break;
            }
            Set<Indicator> wanted = wanted(standings, tries);
            if (wanted.isEmpty()) {
                break;
            }
            wanted.forEach(indicator -> tries.merge(indicator, 1, Integer::sum));
            List<String> probe = wanted.stream().filter(i -> !i.channels().contains(Channel.CUSTOMER)).map(Indicator::key).toList();
            List<String> ask = wanted.stream().filter(i -> i.channels().contains(Channel.CUSTOMER)).map(Indicator::key).toList();
            if (!probe.isEmpty()) {
                recollections++;
                ObjectNode recollect = Payload.object().put("subscriberId", subscriberId).put("attempt", recollections);
                recollect.set("indicators", Payload.of(probe));
                Readings.merge(evidence, peers.call(RepairIntents.REPOLL, recollect).path("values"));
            }
            if (!ask.isEmpty()) {
                questions += ask.size();
                ObjectNode followUp = Payload.object().put("task", "questions").put("subscriberId", subscriberId);
                followUp.set("indicators", Payload.of(ask));
                Readings.merge(evidence, peers.call(RepairIntents.FOLLOW_UP_QUESTIONS, followUp).path("values"));
            }
        }

        Hypotheses.Standing best = standings.get(0);
        boolean settled = Hypotheses.settled(standings).isPresent();
        double confidence = settled ? Math.min(0.99, 0.85 + 0.04 * (best.decisive() + best.supports())) : 0.5;
        FaultType cause = best.type();
        String location = location(cause, subscriberId, profile);

        JsonNode scope = peers.call(RepairIntents.WHO_ELSE, Payload.object().put("task", "scope")
                .put("subscriberId", subscriberId).put("rootCause", cause.name()));
        JsonNode fix = peers.call(RepairIntents.RECOMMEND_FIX, Payload.object().put("task", "recommend")
                .put("rootCause", cause.name()).put("location", location).put("affectedCount", scope.path("affected").size()));

        ObjectNode answer = Payload.reply(ID, String.format(Locale.ROOT, "most likely %s at %s (confidence %.2f) after %d iteration(s),"
                + " %d customer(s) affected", cause, location, confidence, iteration, scope.path("affected").size()));
        answer.put("subscriberId", subscriberId).put("rootCause", cause.name()).put("label", cause.label())
                .put("settled", settled).put("confidence", confidence).put("location", location)
                .put("iterations", iteration).put("recollections", recollections).put("questionsAsked", questions)
                .put("recommendation", fix.path("recommendation").asText());
        answer.set("impactScope", scope.path("affected"));
        answer.set("evidence", evidence);
        return answer;
    }

    // Everything still unknown that could confirm or rule out a hypothesis in the running.
    private static Set<Indicator> wanted(List<Hypotheses.Standing> standings, Map<Indicator, Integer> tries) {
        Set<Indicator> wanted = new LinkedHashSet<>();
        for (Hypotheses.Standing standing : standings) {
            if (standing.consistent()) {
                standing.unknown().stream()
                        .filter(i -> !i.channels().equals(Set.of(Channel.ALARMS)))
                        .filter(i -> tries.getOrDefault(i, 0) < MAX_TRIES_PER_INDICATOR)
                        .forEach(wanted::add);
            }
        }
        return wanted;
    }

    private static String describe(List<Hypotheses.Standing> standings) {
        List<String> parts = new ArrayList<>();
        for (Hypotheses.Standing s : standings) {
            if (s.consistent()) {
                parts.add(s.type() + (s.decisive() > 0 ? " (confirmed)" : " (open)"));
            }
        }
        return parts.isEmpty() ? "no hypothesis fits" : "in the running " + String.join(", ", parts);
    }

    static String location(FaultType cause, String subscriberId, JsonNode profile) {
        return switch (cause) {
            case FIBER_CUT, RAN_COVERAGE_HOLE -> profile.path("accessPointId").asText();
            case OPTICAL_DEGRADATION -> "line:" + subscriberId;
            case WIFI_INTERFERENCE, DNS_MISCONFIGURATION -> "gateway:" + subscriberId;
            case ONT_MISCONFIGURATION -> "ont:" + subscriberId;
        };
    }
}
