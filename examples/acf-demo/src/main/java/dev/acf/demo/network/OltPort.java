package dev.acf.demo.network;

import java.util.Objects;

/**
 * A PON port of an OLT, shared by the ONTs behind one splitter. Immutable.
 *
 * @param id the port's id, such as {@code olt-north-1/0/2}
 * @param siteId the site of the OLT
 * @param capacity how many ONTs the splitter serves
 */
public record OltPort(String id, String siteId, int capacity) {
    /** Validates the components. */
    public OltPort {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(siteId, "siteId");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
    }
}
