package dev.acf.demo.network;

import java.util.Objects;

/**
 * An address that may order a new connection. Immutable.
 *
 * @param address the street address
 * @param siteId the exchange site covering it
 * @param fiberReady whether a fibre drop reaches the building
 * @param portId the PON port its fibre drop ends on, when fibre-ready; else the serving cell
 */
public record Premises(String address, String siteId, boolean fiberReady, String portId) {
    /** Validates the components are present. */
    public Premises {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(portId, "portId");
    }
}
