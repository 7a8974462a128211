package dev.acf.demo.network;

import java.util.Objects;

/**
 * An exchange site, with map coordinates in kilometres for dispatch distances. Immutable.
 *
 * @param id the site's id, such as {@code north}
 * @param name the site's name, such as {@code Northgate exchange}
 * @param town the town the site serves
 * @param x east coordinate, km
 * @param y north coordinate, km
 */
public record Site(String id, String name, String town, double x, double y) {
    /** Validates the components are present. */
    public Site {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(town, "town");
    }

    /** Returns the straight-line distance to {@code other}, km. */
    public double distanceTo(Site other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}
