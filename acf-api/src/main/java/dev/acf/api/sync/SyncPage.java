package dev.acf.api.sync;

import java.util.List;
import java.util.Objects;

/**
 * One page of a peer domain's change feed (ANS-SYNC-2).
 *
 * @param changes the changes, oldest first, each a compact JWS signed by the origin domain
 * @param cursor where the next page starts; persisted by the importer
 * @param hasMore whether more changes follow right away
 */
public record SyncPage(List<String> changes, String cursor, boolean hasMore) {

    /** Copies the changes and requires a cursor. */
    public SyncPage {
        changes = List.copyOf(changes);
        Objects.requireNonNull(cursor, "cursor");
    }
}
