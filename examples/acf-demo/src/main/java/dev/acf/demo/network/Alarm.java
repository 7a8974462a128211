package dev.acf.demo.network;

import java.util.Objects;

/**
 * An active network alarm. Immutable.
 *
 * @param source the equipment raising it, such as an OLT port or a cell
 * @param type the alarm type, such as {@code LOS} or {@code TILT_OUT_OF_PLAN}
 * @param severity {@code critical}, {@code major} or {@code minor}
 * @param text a description for people
 */
public record Alarm(String source, String type, String severity, String text) {
    /** Validates the components are present. */
    public Alarm {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(text, "text");
    }
}
