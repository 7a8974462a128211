package dev.acf.api.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A position in a registry store's change feed. Positions increase strictly with every
 * change; {@link #START} is before the first. Consumers (the search index, sync, audit)
 * persist the cursor of the last change they applied.
 *
 * @param position the position of the last change seen, 0 for {@link #START}
 */
public record Cursor(long position) implements Comparable<Cursor> {
    /** Before the first change. */
    public static final Cursor START = new Cursor(0);

    /** Refuses negative positions. */
    public Cursor {
        if (position < 0) {
            throw new IllegalArgumentException("cursor position must not be negative, was " + position);
        }
    }

    /** Reads the text form {@link #toString()} writes. */
    @JsonCreator
    public static Cursor parse(String text) {
        try {
            return new Cursor(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new dev.acf.api.error.ValidationException("cursor '" + text + "' is not a change feed position");
        }
    }

    @Override
    public int compareTo(Cursor other) {
        return Long.compare(position, other.position);
    }

    @JsonValue
    @Override
    public String toString() {
        return Long.toString(position);
    }
}
