package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.demo.network.AccessType;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.Indicator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The root cause agent's knowledge: for each fault type, which readings confirm it outright
 * (decisive), which make it likelier, and which rule it out. A hypothesis stays in the running
 * while nothing contradicts it; the diagnosis is settled when exactly one hypothesis remains
 * and a decisive reading confirms it.
 */
final class Hypotheses {
    enum Effect { DECISIVE, SUPPORTS, CONTRADICTS }

    record Rule(Indicator indicator, Predicate<JsonNode> when, Effect effect) {}

    /** How one hypothesis fares against the evidence. */
    record Standing(FaultType type, boolean consistent, int decisive, int supports, List<Indicator> unknown) {
        int score() {
            return consistent ? 3 * decisive + supports : -1;
        }
    }

    private static final Map<FaultType, List<Rule>> RULES = new EnumMap<>(FaultType.class);

    static {
        RULES.put(FaultType.FIBER_CUT, List.of(
                rule(Indicator.ONT_ONLINE, JsonNode::asBoolean, Effect.CONTRADICTS),
                rule(Indicator.ONT_ONLINE, v -> !v.asBoolean(), Effect.SUPPORTS),
                rule(Indicator.PORT_LOS_ALARM, JsonNode::asBoolean, Effect.DECISIVE),
                rule(Indicator.NEIGHBOURS_OFFLINE, v -> v.asDouble() >= 0.5, Effect.DECISIVE),
                rule(Indicator.NEIGHBOURS_OFFLINE, v -> v.asDouble() < 0.5, Effect.CONTRADICTS),
                rule(Indicator.USER_LOS_LIGHT, JsonNode::asBoolean, Effect.DECISIVE),
                rule(Indicator.USER_LOS_LIGHT, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.USER_APPS_WORK, JsonNode::asBoolean, Effect.CONTRADICTS)));
        RULES.put(FaultType.OPTICAL_DEGRADATION, List.of(
                rule(Indicator.ONT_ONLINE, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.SESSION_UP, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.RX_POWER, v -> v.asDouble() < -26, Effect.DECISIVE),
                rule(Indicator.RX_POWER, v -> v.asDouble() >= -26, Effect.CONTRADICTS),
                rule(Indicator.CRC_ERRORS, v -> v.asInt() > 1000, Effect.SUPPORTS),
                rule(Indicator.DROPS_24H, v -> v.asInt() >= 3, Effect.SUPPORTS),
                rule(Indicator.USER_WIRED_OK, JsonNode::asBoolean, Effect.CONTRADICTS)));
        RULES.put(FaultType.WIFI_INTERFERENCE, List.of(
                rule(Indicator.ONT_ONLINE, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.SESSION_UP, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.WIFI_UTILIZATION, v -> v.asInt() >= 70, Effect.DECISIVE),
                rule(Indicator.WIFI_UTILIZATION, v -> v.asInt() < 60, Effect.CONTRADICTS),
                rule(Indicator.WIFI_NEIGHBOUR_APS, v -> v.asInt() >= 10, Effect.SUPPORTS),
                rule(Indicator.USER_WIRED_OK, JsonNode::asBoolean, Effect.SUPPORTS),
                rule(Indicator.USER_WIRED_OK, v -> !v.asBoolean(), Effect.CONTRADICTS)));
        RULES.put(FaultType.DNS_MISCONFIGURATION, List.of(
                rule(Indicator.ONT_ONLINE, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.SESSION_UP, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.IP_REACHABLE, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.DNS_RESOLVES, v -> !v.asBoolean(), Effect.SUPPORTS),
                rule(Indicator.DNS_RESOLVES, JsonNode::asBoolean, Effect.CONTRADICTS),
                rule(Indicator.DNS_STANDARD, v -> !v.asBoolean(), Effect.DECISIVE),
                rule(Indicator.DNS_STANDARD, JsonNode::asBoolean, Effect.CONTRADICTS),
                rule(Indicator.USER_APPS_WORK, JsonNode::asBoolean, Effect.SUPPORTS)));
        RULES.put(FaultType.RAN_COVERAGE_HOLE, List.of(
                rule(Indicator.RSRP, v -> v.asDouble() < -110, Effect.DECISIVE),
                rule(Indicator.RSRP, v -> v.asDouble() >= -105, Effect.CONTRADICTS),
                rule(Indicator.TILT_DEVIATION, v -> v.asInt() >= 4, Effect.SUPPORTS),
                rule(Indicator.TILT_DEVIATION, v -> v.asInt() < 2, Effect.CONTRADICTS),
                rule(Indicator.USER_WIRED_OK, JsonNode::asBoolean, Effect.CONTRADICTS)));
        RULES.put(FaultType.ONT_MISCONFIGURATION, List.of(
                rule(Indicator.ONT_ONLINE, v -> !v.asBoolean(), Effect.CONTRADICTS),
                rule(Indicator.SESSION_UP, JsonNode::asBoolean, Effect.CONTRADICTS),
                rule(Indicator.SESSION_UP, v -> !v.asBoolean(), Effect.SUPPORTS),
                rule(Indicator.VLAN_MATCH, v -> !v.asBoolean(), Effect.DECISIVE),
                rule(Indicator.VLAN_MATCH, JsonNode::asBoolean, Effect.CONTRADICTS),
                rule(Indicator.USER_APPS_WORK, JsonNode::asBoolean, Effect.CONTRADICTS)));
    }

    private Hypotheses() {}

    private static Rule rule(Indicator indicator, Predicate<JsonNode> when, Effect effect) {
        return new Rule(indicator, when, effect);
    }

    /** Weighs every hypothesis against {@code evidence} (indicator key to value) for a home on {@code access}. */
    static List<Standing> assess(JsonNode evidence, AccessType access) {
        List<Standing> standings = new ArrayList<>();
        for (FaultType type : FaultType.values()) {
            boolean consistent = type.access().map(needed -> needed == access).orElse(true);
            int decisive = 0;
            int supports = 0;
            Set<Indicator> unknown = new LinkedHashSet<>();
            for (Rule rule : RULES.get(type)) {
                JsonNode value = evidence.get(rule.indicator().key());
                if (value == null || value.isNull()) {
                    if (rule.indicator().appliesTo(access)) {
                        unknown.add(rule.indicator());
                    }
                } else if (rule.when().test(value)) {
                    switch (rule.effect()) {
                        case DECISIVE -> decisive++;
                        case SUPPORTS -> supports++;
                        case CONTRADICTS -> consistent = false;
                    }
                }
            }
            standings.add(new Standing(type, consistent, decisive, supports, List.copyOf(unknown)));
        }
        standings.sort(Comparator.comparingInt(Standing::score).reversed());
        return standings;
    }

    /** Returns the settled root cause: the one consistent hypothesis, confirmed by a decisive reading. */
    static Optional<Standing> settled(List<Standing> standings) {
        List<Standing> consistent = standings.stream().filter(Standing::consistent).toList();
        return consistent.size() == 1 && consistent.get(0).decisive() > 0
                ? Optional.of(consistent.get(0)) : Optional.empty();
    }
}
