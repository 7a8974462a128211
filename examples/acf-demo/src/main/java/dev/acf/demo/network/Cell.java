package dev.acf.demo.network;

import java.util.Objects;

/**
 * A radio cell serving fixed-wireless homes. Immutable; the current tilt lives in the network.
 *
 * @param id the cell's id, such as {@code cell-north-a}
 * @param siteId the site of the antenna
 * @param plannedTiltDeg the electrical down-tilt the radio plan prescribes, degrees
 */
public record Cell(String id, String siteId, int plannedTiltDeg) {
    /** Validates the components are present. */
    public Cell {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(siteId, "siteId");
    }
}
