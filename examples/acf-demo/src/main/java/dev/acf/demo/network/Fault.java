package dev.acf.demo.network;

import java.util.List;
import java.util.Objects;

/**
 * An injected fault: the ground truth the agents must find. Immutable.
 *
 * @param type the fault type
 * @param subscriberId the customer who complains
 * @param location the equipment at fault: a PON port, a line, a home gateway or a cell
 * @param affected every subscriber the fault degrades, the complainant first
 */
public record Fault(FaultType type, String subscriberId, String location, List<String> affected) {
    /** Validates and copies the components. */
    public Fault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(location, "location");
        affected = List.copyOf(affected);
    }
}
