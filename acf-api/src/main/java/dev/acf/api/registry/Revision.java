package dev.acf.api.registry;

/**
 * The revision of a stored record, for optimistic concurrency: a write names the revision it
 * read and fails with a conflict when the record moved on. {@link #NONE} means "must not
 * exist yet".
 *
 * @param value 0 for {@link #NONE}, then 1, 2, ... per record
 */
public record Revision(long value) {
    /** The revision of a record that does not exist. */
    public static final Revision NONE = new Revision(0);

    /** Refuses negative values. */
    public Revision {
        if (value < 0) {
            throw new IllegalArgumentException("revision must not be negative, was " + value);
        }
    }

    /** Returns the revision after this one. */
    public Revision next() {
        return new Revision(value + 1);
    }
}
