package dev.acf.demo.network;

import java.util.List;
import java.util.Objects;

/**
 * A field engineer who installs and repairs lines. Immutable.
 *
 * @param id the engineer's id, such as {@code ENG-03}
 * @param name the engineer's name
 * @param siteId where the engineer's van is based
 * @param skills what the engineer is qualified for, such as {@code fiber-splicing}
 */
public record Engineer(String id, String name, String siteId, List<String> skills) {
    /** Validates and copies the components. */
    public Engineer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(siteId, "siteId");
        skills = List.copyOf(skills);
    }
}
