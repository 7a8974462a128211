package dev.acf.api.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a registry store's change feed: a record as it was written.
 *
 * @param cursor the change's position in the feed
 * @param type whether the write created the record or updated it
 * @param agent the record and its revision after the write
 * @param time when the store accepted the write
 */
public record Change(Cursor cursor, Type type, StoredAgent agent, Instant time) {

    /** What a write did. */
    public enum Type {
        /** A new agent version. */
        CREATED,
        /** A new revision of an existing agent version (update, renewal, status change). */
        UPDATED
    }

    /** Requires every field. */
    public Change {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(time, "time");
    }
}
