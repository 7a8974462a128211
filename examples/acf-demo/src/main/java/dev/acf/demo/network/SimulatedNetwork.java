package dev.acf.demo.network;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A small broadband network, built deterministically from a seed: three exchange sites, each
 * with an OLT (two PON ports, four fibre homes each) and a radio cell (three fixed-wireless
 * homes), five field engineers, and premises ready to be connected.
 *
 * <p>The network holds the state faults and repairs change (cut ports, degraded lines, Wi-Fi
 * channels, DNS servers, ONT VLANs, cell tilts); every reading is computed from that state, so
 * the same seed and the same actions always give the same readings. At most one fault is
 * injected. Thread-safe: every method locks the network.
 *
 * <pre>{@code
 * SimulatedNetwork network = SimulatedNetwork.generate(42);
 * Fault fault = network.inject(FaultType.DNS_MISCONFIGURATION);
 * network.read(fault.subscriberId(), Indicator.DNS_RESOLVES, Channel.LIVE, 1); // Optional[false]
 * }</pre>
 */
public final class SimulatedNetwork {
    /** The operator's DNS resolvers every home gateway should use. */
    public static final List<String> STANDARD_DNS = List.of("198.51.100.53", "198.51.100.54");
    /** The uncongested 5 GHz channel a Wi-Fi fix moves a gateway to. */
    public static final int CLEAR_WIFI_CHANNEL = 36;

    private final long seed;
    private final Noise noise;
    private final List<Site> sites;
    private final List<OltPort> ports;
    private final List<Cell> cells;
    private final List<Engineer> engineers;
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private final Inventory inventory;
    private final Readings readings;

    // The state faults and repairs change.
    final Map<String, List<String>> dnsServers = new HashMap<>();
    final Map<String, Integer> wifiChannel = new HashMap<>();
    final Map<String, Integer> crowdedChannel = new HashMap<>();
    final Map<String, Integer> ontVlan = new HashMap<>();
    final Map<String, Integer> cellTilt = new HashMap<>();
    final Set<String> cutPorts = new HashSet<>();
    final Set<String> degradedLines = new HashSet<>();
    private @Nullable Fault fault;

    private SimulatedNetwork(long seed) {
        this.seed = seed;
        this.noise = new Noise(seed);
        NetworkGenerator generator = new NetworkGenerator(noise);
        this.sites = generator.sites();
        this.ports = generator.ports(sites);
        this.cells = generator.cells(sites);
        this.engineers = generator.engineers(sites);
        generator.subscribers(sites, ports, cells).forEach(this::connect);
        cells.forEach(cell -> cellTilt.put(cell.id(), cell.plannedTiltDeg()));
        this.inventory = new Inventory(this, generator.premises(sites, ports), noise);
        this.readings = new Readings(this, noise);
    }

    /** Returns the network built from {@code seed}; equal seeds give equal networks. */
    public static SimulatedNetwork generate(long seed) {
        return new SimulatedNetwork(seed);
    }

    /** Returns the seed the network was built from. */
    public long seed() {
        return seed;
    }

    /** Returns a number in [0, 1) fixed by the seed and {@code key}, for agents' own variations. */
    public double noise(String key) {
        return noise.unit(key);
    }

    /** Returns the exchange sites. */
    public List<Site> sites() {
        return sites;
    }

    /**
     * Returns the site with id {@code id}.
     *
     * @throws NotFoundException if there is none
     */
    public Site site(String id) {
        return sites.stream().filter(site -> site.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("no site '" + id + "'"));
    }

    /** Returns the PON ports. */
    public List<OltPort> ports() {
        return ports;
    }

    /** Returns the radio cells. */
    public List<Cell> cells() {
        return cells;
    }

    /** Returns the field engineers. */
    public List<Engineer> engineers() {
        return engineers;
    }

    /** Returns the installation resources: premises, free ports, VLANs, ONT stock, orders, configurations. */
    public Inventory inventory() {
        return inventory;
    }

    /** Returns every subscriber, in account order. */
    public synchronized List<Subscriber> subscribers() {
        return List.copyOf(subscribers.values());
    }

    /**
     * Returns the subscriber with account id {@code id}.
     *
     * @throws NotFoundException if there is none
     */
    public synchronized Subscriber subscriber(String id) {
        Subscriber subscriber = subscribers.get(id);
        if (subscriber == null) {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "no subscriber '" + id + "'");
        }
        return subscriber;
    }

    /** Returns the subscribers served by a PON port or a cell. */
    public synchronized List<Subscriber> subscribersOn(String accessPointId) {
        return subscribers.values().stream().filter(s -> s.accessPointId().equals(accessPointId)).toList();
    }

    /** Connects a new subscriber with a healthy, correctly provisioned line. */
    public synchronized void connect(Subscriber subscriber) {
        if (subscribers.putIfAbsent(subscriber.id(), subscriber) != null) {
            throw new IllegalArgumentException("subscriber " + subscriber.id() + " is already connected");
        }
        dnsServers.put(subscriber.id(), STANDARD_DNS);
        wifiChannel.put(subscriber.id(), noise.unit("wifi:" + subscriber.id()) < 0.5 ? 1 : 11);
        ontVlan.put(subscriber.id(), subscriber.serviceVlan());
    }

    /**
     * Injects a fault of {@code type} at a place chosen by the seed.
     *
     * @throws IllegalStateException if a fault was already injected
     */
    public synchronized Fault inject(FaultType type) {
        if (fault != null) {
            throw new IllegalStateException("a fault is already injected: " + fault.type());
        }
        List<Subscriber> candidates = subscribers.values().stream()
                .filter(s -> type.access().map(access -> access == s.access()).orElse(true))
                .filter(s -> type != FaultType.RAN_COVERAGE_HOLE || s.cellEdge())
                .toList();
        Subscriber victim = candidates.get(noise.index("victim:" + type, candidates.size()));
        String id = victim.id();
        fault = switch (type) {
            case FIBER_CUT -> {
                cutPorts.add(victim.accessPointId());
                yield new Fault(type, id, victim.accessPointId(), affected(victim, subscribersOn(victim.accessPointId())));
            }
            case OPTICAL_DEGRADATION -> {
                degradedLines.add(id);
                yield new Fault(type, id, "line:" + id, List.of(id));
            }
            case WIFI_INTERFERENCE -> {
                wifiChannel.put(id, 6);
                crowdedChannel.put(id, 6);
                yield new Fault(type, id, "gateway:" + id, List.of(id));
            }
            case DNS_MISCONFIGURATION -> {
                dnsServers.put(id, List.of("192.0.2.1"));
                yield new Fault(type, id, "gateway:" + id, List.of(id));
            }
            case RAN_COVERAGE_HOLE -> {
                Cell cell = cells.stream().filter(c -> c.id().equals(victim.accessPointId())).findFirst().orElseThrow();
                cellTilt.put(cell.id(), cell.plannedTiltDeg() + 6 + noise.index("tilt-off", 3));
                yield new Fault(type, id, cell.id(), affected(victim,
                        subscribersOn(cell.id()).stream().filter(Subscriber::cellEdge).toList()));
            }
            case ONT_MISCONFIGURATION -> {
                ontVlan.put(id, victim.serviceVlan() + 100);
                yield new Fault(type, id, "ont:" + id, List.of(id));
            }
        };
        return fault;
    }

    private static List<String> affected(Subscriber first, List<Subscriber> all) {
        List<String> ids = new ArrayList<>(List.of(first.id()));
        all.stream().map(Subscriber::id).filter(other -> !other.equals(first.id())).forEach(ids::add);
        return ids;
    }

    /** Returns the injected fault, if any. */
    public synchronized Optional<Fault> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * Reads one indicator for a subscriber through one channel; empty when the indicator does
     * not apply to the line, the channel cannot supply it, the periodic collection has a gap,
     * the equipment is unreachable, or a live poll timed out ({@code attempt} numbers the
     * tries, from 1; a retry may succeed).
     */
    public synchronized Optional<Object> read(String subscriberId, Indicator indicator, Channel channel, int attempt) {
        return readings.read(subscriber(subscriberId), indicator, channel, attempt);
    }

    /** Returns the active alarms on a PON port or cell, as the alarm feed shows them at query {@code attempt}. */
    public synchronized List<Alarm> alarms(String accessPointId, int attempt) {
        return readings.alarms(accessPointId, attempt);
    }

    /** Returns the current tilt of a cell, degrees. */
    public synchronized int cellTilt(String cellId) {
        Integer tilt = cellTilt.get(cellId);
        if (tilt == null) {
            throw new NotFoundException("no cell '" + cellId + "'");
        }
        return tilt;
    }

    /** Returns the Wi-Fi channel of a subscriber's home gateway. */
    public synchronized int wifiChannel(String subscriberId) {
        return wifiChannel.get(subscriber(subscriberId).id());
    }

    /** Returns the DNS servers configured on a subscriber's home gateway. */
    public synchronized List<String> dnsServers(String subscriberId) {
        return dnsServers.get(subscriber(subscriberId).id());
    }

    /** Returns the VLAN provisioned on a subscriber's ONT. */
    public synchronized int ontVlan(String subscriberId) {
        return ontVlan.get(subscriber(subscriberId).id());
    }

    /** Moves a home gateway's Wi-Fi to {@code channel}; returns what changed. */
    public synchronized String setWifiChannel(String subscriberId, int channel) {
        int before = wifiChannel(subscriberId);
        wifiChannel.put(subscriberId, channel);
        return "Wi-Fi channel " + before + " -> " + channel;
    }

    /** Sets a home gateway's DNS servers; returns what changed. */
    public synchronized String setDnsServers(String subscriberId, List<String> servers) {
        List<String> before = dnsServers(subscriberId);
        dnsServers.put(subscriberId, List.copyOf(servers));
        return "DNS " + before + " -> " + servers;
    }

    /** Provisions {@code vlan} on a subscriber's ONT; returns what changed. */
    public synchronized String setOntVlan(String subscriberId, int vlan) {
        int before = ontVlan(subscriberId);
        ontVlan.put(subscriberId, vlan);
        return "ONT service VLAN " + before + " -> " + vlan;
    }

    /** Sets a cell's electrical tilt; returns what changed. */
    public synchronized String setCellTilt(String cellId, int tiltDeg) {
        int before = cellTilt(cellId);
        cellTilt.put(cellId, tiltDeg);
        return "tilt of " + cellId + " " + before + " -> " + tiltDeg + " degrees";
    }

    /** Restarts a subscriber's ONT or CPE; clears no fault the simulation knows, but is what a first remote try does. */
    public synchronized String restartDevice(String subscriberId) {
        return "restarted " + subscriber(subscriberId).deviceSerial();
    }

    /**
     * Records that an engineer finished work on site at {@code location} (a PON port, or
     * {@code line:<subscriber>}): a cut is spliced, a degraded connector cleaned.
     *
     * @return whether there was something at that location to repair
     */
    public synchronized boolean completeFieldRepair(String location) {
        boolean spliced = cutPorts.remove(location);
        boolean cleaned = location.startsWith("line:") && degradedLines.remove(location.substring(5));
        return spliced || cleaned;
    }
}
