package dev.acf.demo.network;

import dev.acf.api.error.ConflictException;
import dev.acf.api.error.NotFoundException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What installing a new line draws on and leaves behind: premises, PON port capacity, customer
 * VLANs, ONTs in stock, orders, and the configuration each network domain holds per order.
 * One PON port, chosen by the seed, is already full, so some orders must be re-routed; and one
 * configuration domain, also chosen by the seed, gets its first push wrong, so validation has
 * something to catch. Thread-safe.
 */
public final class Inventory {
    /** The configuration domains an installation touches, in the order they are configured. */
    public static final List<String> DOMAINS = List.of("access", "ip-edge", "home-network", "service-platform");

    private final SimulatedNetwork network;
    private final List<Premises> premises;
    private final String glitchDomain;
    private final Map<String, Integer> reserved = new HashMap<>();
    private final Map<String, String> orders = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> configs = new HashMap<>();
    private final Map<String, Integer> applies = new HashMap<>();
    private final Set<String> installedOnts = new HashSet<>();
    private int nextVlan = 3001;
    private int nextOnt = 1;

    Inventory(SimulatedNetwork network, List<Premises> premises, Noise noise) {
        this.network = network;
        this.premises = List.copyOf(premises);
        this.glitchDomain = DOMAINS.get(noise.index("glitch", DOMAINS.size()));
        OltPort full = network.ports().get(noise.index("full-port", network.ports().size()));
        reserved.put(full.id(), full.capacity() - NetworkGenerator.FIBER_HOMES_PER_PORT);
    }

    /** Returns the premises that may order a connection. */
    public List<Premises> premises() {
        return premises;
    }

    /** Returns the premises whose address starts with {@code address} (ignoring case), if any. */
    public Optional<Premises> premisesAt(String address) {
        String wanted = address.trim().toLowerCase(Locale.ROOT);
        return premises.stream().filter(p -> p.address().toLowerCase(Locale.ROOT).startsWith(wanted)).findFirst();
    }

    /** Returns how many more ONTs a PON port can take. */
    public synchronized int freeOn(String portId) {
        OltPort port = port(portId);
        return port.capacity() - network.subscribersOn(portId).size() - reserved.getOrDefault(portId, 0);
    }

    /**
     * Reserves room for one ONT on {@code preferredPortId}, or, when it is full, on the port
     * of the same site with the most room.
     *
     * @return the port reserved
     * @throws ConflictException if every port of the site is full
     */
    public synchronized String reservePort(String preferredPortId) {
        String siteId = port(preferredPortId).siteId();
        String chosen = freeOn(preferredPortId) > 0 ? preferredPortId : network.ports().stream()
                .filter(p -> p.siteId().equals(siteId))
                .max(Comparator.comparingInt((OltPort p) -> freeOn(p.id())))
                .filter(p -> freeOn(p.id()) > 0)
                .map(OltPort::id)
                .orElseThrow(() -> new ConflictException("every PON port at site " + siteId + " is full"));
        reserved.merge(chosen, 1, Integer::sum);
        return chosen;
    }

    /** Reserves the next free customer VLAN. */
    public synchronized int reserveVlan() {
        return nextVlan++;
    }

    /** Takes the next ONT from stock; returns its serial. */
    public synchronized String reserveOnt() {
        return String.format(Locale.ROOT, "HWTC7%07d", nextOnt++);
    }

    /** Returns the account id the next new subscriber gets. */
    public synchronized String nextSubscriberId() {
        return "SUB-" + (1001 + network.subscribers().size() + orders.size());
    }

    /** Opens an order; returns its id. */
    public synchronized String openOrder() {
        String id = String.format(Locale.ROOT, "ORD-%05d", 20000 + (int) (network.noise("order") * 9000) + orders.size());
        orders.put(id, "open");
        return id;
    }

    /**
     * Sets an order's status.
     *
     * @throws NotFoundException if there is no such order
     */
    public synchronized void setOrderStatus(String orderId, String status) {
        if (orders.replace(orderId, status) == null) {
            throw new NotFoundException("no order '" + orderId + "'");
        }
    }

    /** Returns an order's status, if the order exists. */
    public synchronized Optional<String> orderStatus(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    /** Returns the domain whose first configuration push goes wrong. */
    public String glitchDomain() {
        return glitchDomain;
    }

    /** Counts one more configuration push of {@code domain} for {@code orderId}; returns the count. */
    public synchronized int countPush(String domain, String orderId) {
        return applies.merge(domain + "/" + orderId, 1, Integer::sum);
    }

    /** Stores the configuration {@code domain} holds for {@code orderId}, replacing the previous one. */
    public synchronized void writeConfig(String domain, String orderId, Map<String, String> values) {
        configs.put(domain + "/" + orderId, Map.copyOf(values));
    }

    /** Returns the configuration {@code domain} holds for {@code orderId}; empty if none. */
    public synchronized Map<String, String> config(String domain, String orderId) {
        return configs.getOrDefault(domain + "/" + orderId, Map.of());
    }

    /** Records that an engineer installed the ONT of {@code orderId} at the customer's home. */
    public synchronized void markOntInstalled(String orderId) {
        installedOnts.add(orderId);
    }

    /** Returns whether the ONT of {@code orderId} is installed. */
    public synchronized boolean ontInstalled(String orderId) {
        return installedOnts.contains(orderId);
    }

    private OltPort port(String portId) {
        return network.ports().stream().filter(p -> p.id().equals(portId)).findFirst()
                .orElseThrow(() -> new NotFoundException("no PON port '" + portId + "'"));
    }
}
