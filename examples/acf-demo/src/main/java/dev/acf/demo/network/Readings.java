package dev.acf.demo.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes readings from the network's state. Called with the network's lock held.
 *
 * <p>Each fault shows through some indicators only, and the cheap periodic view has gaps
 * (a lagging alarm feed, optical and radio counters not reported) and live polls can time
 * out on the first try; the seed decides which, so runs differ but are reproducible.
 */
final class Readings {
    private static final double GAP_PROBABILITY = 0.5;
    private static final double POLL_FAILURE_PROBABILITY = 0.3;

    private final SimulatedNetwork network;
    private final Noise noise;

    Readings(SimulatedNetwork network, Noise noise) {
        this.network = network;
        this.noise = noise;
    }

    Optional<Object> read(Subscriber s, Indicator indicator, Channel channel, int attempt) {
        if (!indicator.channels().contains(channel) || !indicator.appliesTo(s.access())) {
            return Optional.empty();
        }
        if (channel == Channel.PERIODIC && (indicator == Indicator.RX_POWER || indicator == Indicator.RSRP)
                && noise.unit("gap:" + indicator) < GAP_PROBABILITY) {
            return Optional.empty();
        }
        if (channel == Channel.LIVE && attempt <= 1 && pollCanTimeOut(indicator)
                && noise.unit("poll:" + s.id() + ":" + pollGroup(indicator)) < POLL_FAILURE_PROBABILITY) {
            return Optional.empty();
        }
        return Optional.ofNullable(value(s, indicator, channel == Channel.LIVE ? attempt : 0, attempt));
    }

    private static boolean pollCanTimeOut(Indicator indicator) {
        return indicator == Indicator.RX_POWER || indicator == Indicator.WIFI_UTILIZATION
                || indicator == Indicator.WIFI_NEIGHBOUR_APS;
    }

    private static String pollGroup(Indicator indicator) {
        return indicator == Indicator.RX_POWER ? "optical" : "wifi-scan";
    }

    private Object value(Subscriber s, Indicator indicator, int sample, int attempt) {
        double u = noise.unit(s.id() + ":" + indicator.key() + ":" + sample);
        boolean reachable = s.access() == AccessType.FIXED_WIRELESS || online(s);
        return switch (indicator) {
            case ONT_ONLINE -> online(s);
            case RX_POWER -> online(s) ? round(degraded(s) ? -27.4 - 1.8 * u : -18.5 - 3 * u) : null;
            case CRC_ERRORS -> online(s) ? (int) (degraded(s) ? 1500 + 6000 * u : 5 + 60 * u) : 0;
            case DROPS_24H -> degraded(s) ? 4 + (int) (8 * u) : radioBad(s) ? 2 + (int) (3 * u) : u < 0.85 ? 0 : 1;
            case SESSION_UP -> sessionUp(s);
            case PORT_LOS_ALARM -> losVisible(s.accessPointId(), attempt);
            case NEIGHBOURS_OFFLINE -> neighboursOffline(s);
            case WIFI_UTILIZATION -> reachable ? (int) (crowded(s) ? 78 + 17 * u : 12 + 30 * u) : null;
            case WIFI_NEIGHBOUR_APS -> reachable ? (int) (crowded(s) ? 14 + 12 * u : 1 + 6 * u) : null;
            case IP_REACHABLE -> reachable ? sessionUp(s) : null;
            case DNS_RESOLVES -> reachable ? sessionUp(s) && dnsOk(s) : null;
            case DNS_STANDARD -> dnsOk(s);
            case VLAN_MATCH -> vlanOk(s);
            case RSRP -> round(radioBad(s) ? -112 - 8 * u : s.cellEdge() ? -95 - 8 * u : -80 - 10 * u);
            case TILT_DEVIATION -> tiltDeviation(s.accessPointId());
            case USER_LOS_LIGHT -> network.cutPorts.contains(s.accessPointId());
            case USER_WIRED_OK -> sessionUp(s) && dnsOk(s) && !degraded(s) && !radioBad(s);
            case USER_APPS_WORK -> sessionUp(s);
        };
    }

    List<Alarm> alarms(String accessPointId, int attempt) {
        List<Alarm> alarms = new ArrayList<>();
        if (losVisible(accessPointId, attempt)) {
            alarms.add(new Alarm(accessPointId, "LOS", "critical",
                    "loss of signal on " + network.subscribersOn(accessPointId).size() + " ONTs"));
        }
        for (Subscriber s : network.subscribersOn(accessPointId)) {
            if (s.access() == AccessType.FIBER && degraded(s) && online(s)) {
                alarms.add(new Alarm("ont:" + s.id(), "HIGH_BER", "minor", "upstream bit error rate above threshold"));
            }
        }
        if (network.cellTilt.containsKey(accessPointId) && tiltDeviation(accessPointId) >= 4) {
            alarms.add(new Alarm(accessPointId, "KPI_DEGRADATION", "minor", "cell-edge throughput below target"));
        }
        return alarms;
    }

    private boolean losVisible(String portId, int attempt) {
        // The alarm feed correlates LOS with a lag: the first look may not show it yet.
        return network.cutPorts.contains(portId) && (attempt > 1 || noise.unit("gap:alarm") >= GAP_PROBABILITY);
    }

    private boolean online(Subscriber s) {
        return s.access() == AccessType.FIBER && !network.cutPorts.contains(s.accessPointId());
    }

    private boolean degraded(Subscriber s) {
        return network.degradedLines.contains(s.id());
    }

    private boolean vlanOk(Subscriber s) {
        return s.access() != AccessType.FIBER || network.ontVlan.get(s.id()) == s.serviceVlan();
    }

    private boolean dnsOk(Subscriber s) {
        return SimulatedNetwork.STANDARD_DNS.equals(network.dnsServers.get(s.id()));
    }

    private boolean crowded(Subscriber s) {
        Integer crowded = network.crowdedChannel.get(s.id());
        return crowded != null && crowded.equals(network.wifiChannel.get(s.id()));
    }

    private boolean radioBad(Subscriber s) {
        return s.access() == AccessType.FIXED_WIRELESS && s.cellEdge() && tiltDeviation(s.accessPointId()) >= 4;
    }

    private boolean sessionUp(Subscriber s) {
        return s.access() == AccessType.FIXED_WIRELESS || online(s) && vlanOk(s);
    }

    private int tiltDeviation(String cellId) {
        Cell cell = network.cells().stream().filter(c -> c.id().equals(cellId)).findFirst().orElseThrow();
        return Math.abs(network.cellTilt.get(cellId) - cell.plannedTiltDeg());
    }

    private double neighboursOffline(Subscriber s) {
        List<Subscriber> others = network.subscribersOn(s.accessPointId()).stream()
                .filter(other -> !other.id().equals(s.id())).toList();
        if (others.isEmpty()) {
            return 0;
        }
        return round((double) others.stream().filter(other -> !online(other)).count() / others.size());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
