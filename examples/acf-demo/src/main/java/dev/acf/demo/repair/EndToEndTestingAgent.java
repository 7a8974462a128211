package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.demo.agent.AgentBehavior;
import dev.acf.demo.agent.Collaborators;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.AccessType;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.Indicator;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Phase 4: runs the end-to-end tests of a customer's service from its own probes (access link,
 * IP session, DNS lookup, speed against the plan, Wi-Fi airtime), plus the access link of
 * every other customer in the impact scope.
 */
final class EndToEndTestingAgent implements AgentBehavior {
    static final String ID = "e2e-testing";

    private final SimulatedNetwork network;

    EndToEndTestingAgent(SimulatedNetwork network) {
        this.network = network;
    }

    @Override
    public JsonNode handle(JsonNode request, Collaborators peers) {
        Subscriber s = network.subscriber(Payload.text(request, "subscriberId"));
        ArrayNode tests = Payload.object().arrayNode();
        List<String> failed = new ArrayList<>();
        boolean link = accessLinkUp(s);
        boolean session = flag(s, Indicator.SESSION_UP);
        double rx = number(s, Indicator.RX_POWER, -20);
        double mbps = !session ? 0 : s.downMbps() * (rx < -26 ? 0.35 : link ? 0.92 + 0.05 * network.noise("speed:" + s.id()) : 0.15);
        record(tests, failed, "access link", link, s.access() == AccessType.FIBER ? "ONT registered" : "RSRP " + number(s, Indicator.RSRP, 0) + " dBm");
        record(tests, failed, "IP session", session, session ? "up" : "down");
        record(tests, failed, "DNS lookup", flag(s, Indicator.DNS_RESOLVES), "example.com via gateway resolver");
        record(tests, failed, "speed test", mbps >= 0.8 * s.downMbps(),
                String.format(Locale.ROOT, "%.0f of %d Mbit/s", mbps, s.downMbps()));
        int airtime = (int) number(s, Indicator.WIFI_UTILIZATION, 100);
        record(tests, failed, "Wi-Fi airtime", airtime < 60, airtime + "% used on channel " + network.wifiChannel(s.id()));
        for (JsonNode other : request.path("impactScope")) {
            if (!other.asText().equals(s.id())) {
                Subscriber neighbour = network.subscriber(other.asText());
                record(tests, failed, "access link of " + neighbour.id(), accessLinkUp(neighbour), "neighbour in scope");
            }
        }
        boolean passed = failed.isEmpty();
        peers.trace().step(ID, tests.size() + " tests, " + (passed ? "all passed" : "failed: " + failed));
        ObjectNode answer = Payload.reply(ID, (passed ? "PASSED " : "FAILED ") + tests.size() + " end-to-end tests");
        answer.put("passed", passed);
        answer.set("tests", tests);
        return answer;
    }

    private boolean accessLinkUp(Subscriber s) {
        return s.access() == AccessType.FIBER ? flag(s, Indicator.ONT_ONLINE) : number(s, Indicator.RSRP, -140) >= -105;
    }

    private static void record(ArrayNode tests, List<String> failed, String name, boolean pass, String detail) {
        tests.add(Payload.object().put("test", name).put("passed", pass).put("detail", detail));
        if (!pass) {
            failed.add(name);
        }
    }

    private boolean flag(Subscriber s, Indicator indicator) {
        return network.read(s.id(), indicator, Channel.LIVE, 2).map(Boolean.class::cast).orElse(false);
    }

    private double number(Subscriber s, Indicator indicator, double otherwise) {
        return network.read(s.id(), indicator, Channel.LIVE, 2).map(v -> ((Number) v).doubleValue()).orElse(otherwise);
    }
}
