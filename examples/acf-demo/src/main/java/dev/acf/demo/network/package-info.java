/**
 * A small simulated broadband network, deterministic from a seed: sites, OLT ports, radio
 * cells, subscribers with their ONTs and home gateways, engineers, premises to connect, and
 * the faults that can be injected into it. Readings (line, optical, Wi-Fi, radio, DNS, alarms,
 * configuration records and the customer's own observations) are computed from the network's
 * state, so a repair changes what the next reading shows.
 *
 * <p>{@link dev.acf.demo.network.SimulatedNetwork} is the entry point; it is thread-safe.
 */
@org.jspecify.annotations.NullMarked
package dev.acf.demo.network;
