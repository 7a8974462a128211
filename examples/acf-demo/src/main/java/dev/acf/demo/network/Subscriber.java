package dev.acf.demo.network;

import java.util.Objects;

/**
 * A broadband customer and the line that serves them. Immutable.
 *
 * @param id the account id, such as {@code SUB-1007}
 * @param name the customer's name
 * @param address the service address
 * @param siteId the exchange site serving the address
 * @param access how the home is connected
 * @param accessPointId the PON port ({@link AccessType#FIBER}) or the cell ({@link AccessType#FIXED_WIRELESS})
 * @param deviceSerial the serial of the ONT or the CPE
 * @param plan the product name, such as {@code Fibre 500}
 * @param downMbps the plan's download rate
 * @param serviceVlan the customer VLAN the inventory assigns to the line
 * @param cellEdge whether a fixed-wireless home sits at the edge of its cell
 */
public record Subscriber(String id, String name, String address, String siteId, AccessType access, String accessPointId,
        String deviceSerial, String plan, int downMbps, int serviceVlan, boolean cellEdge) {
    /** Validates the components are present. */
    public Subscriber {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(accessPointId, "accessPointId");
        Objects.requireNonNull(deviceSerial, "deviceSerial");
        Objects.requireNonNull(plan, "plan");
    }
}
