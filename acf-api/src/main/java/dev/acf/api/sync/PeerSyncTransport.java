package dev.acf.api.sync;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Carries the change feed between the ANS of two domains (ANS-SYNC-2): pages of signed
 * changes after a cursor, and a notification when new changes exist so the importer does
 * not poll. The embedded default speaks HTTP to the peer's {@code /v1/sync/changes}.
 *
 * <p>Thread-safe; {@link #fetch} blocks on the network. Signatures are checked by the
 * importer, not the transport, so a transport cannot make a record trusted.
 */
public interface PeerSyncTransport extends AutoCloseable {

    /**
     * Fetches the changes after a cursor.
     *
     * @param peer the peer ANS's base URI
     * @param cursor the cursor of the last page imported, or {@code null} for a full snapshot
     * @param limit the most changes to return
     */
    SyncPage fetch(URI peer, @Nullable String cursor, int limit);

    /**
     * Calls {@code onChange} whenever the peer announces new changes, until the returned
     * handle is closed. The callback runs on a transport thread and must return quickly.
     */
    AutoCloseable watch(URI peer, Runnable onChange);

    /** Releases connections; idempotent. */
    @Override
    default void close() {}
}
