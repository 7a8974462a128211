package dev.acf.ans.sync;

import dev.acf.ans.sign.AnsSigner;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.sync.SyncPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The change feed this ANS exports to its peers (ANS-SYNC-2), read from the registry store's own
 * change feed and signed with the ANS key ({@link SignedChange}).
 *
 * <p>Cursors are opaque to peers. Without one, a peer gets a <b>snapshot</b>: every exportable
 * record as it is now, as {@code upsert} changes (revoked ones left out), in pages whose cursor
 * reads {@code snapshot:<position>}; when the snapshot reaches the store's head the cursor
 * becomes the live position and the pages carry every change after it (upserts and
 * revocations). Both walk the store's feed and skip a change when the record has changed again
 * since (the later change comes further on), so a page never carries stale states and a
 * snapshot taken while writes go on is still complete. Records the peer's
 * {@link ExportPolicy} does not permit, and pending or rejected ones, are never sent.
 *
 * <p>Thread-safe. A page of several changes is signed once, as a batch ({@link SignedChange}).
 *
 * <pre>{@code
 * Peer peer = feed.authenticate(bearerToken);
 * SyncPage page = feed.page(peer, null, 1000);     // snapshot, first page
 * page = feed.page(peer, page.cursor(), 1000);     // and on
 * }</pre>
 */
public final class ChangeFeed {
    private static final String SNAPSHOT = "snapshot:";
    /** Changes read per store call. */
    private static final int READ = 1_000;
    /** A page scans at most this many changes per change it may return, so a request stays short over a feed the peer may not see. */
    private static final int SCAN_FACTOR = 20;

    private final Domain domain;
    private final RegistryStore store;
    private final AnsSigner signer;
    private final List<Peer> peers;

    /** Creates the feed of {@code domain}'s records in {@code store} for the exporting peers among {@code peers}. */
    public ChangeFeed(Domain domain, RegistryStore store, AnsSigner signer, List<Peer> peers) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.store = Objects.requireNonNull(store, "store");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.peers = peers.stream().filter(Peer::exports).toList();
    }

    /**
     * Returns the peer presenting this token.
     *
     * @throws AuthenticationException ({@code unauthenticated}) when no exporting peer has it
     */
    public Peer authenticate(@Nullable String bearer) {
        if (bearer != null) {
            for (Peer peer : peers) {
                if (Objects.requireNonNull(peer.exportToken()).matches(bearer)) {
                    return peer;
                }
            }
        }
        throw new AuthenticationException("the sync feed needs a peer token: Authorization: Bearer <token configured for your domain>");
    }

    /** Returns the newest position of the feed (the store's head). */
    public Cursor head() {
        return store.head();
    }

    /**
     * Returns the changes after a cursor that the peer may see.
     *
     * @param cursor a cursor of an earlier page, or {@code null} to start a snapshot
     * @param limit the most changes, 1-{@value Federation#MAX_PAGE}
     * @throws ValidationException for a cursor this feed did not write or a bad limit
     */
    public SyncPage page(Peer peer, @Nullable String cursor, int limit) {
        if (limit < 1 || limit > Federation.MAX_PAGE) {
            throw new ValidationException("limit must be 1-" + Federation.MAX_PAGE + ", was " + limit);
        }
        boolean snapshot = cursor == null || cursor.startsWith(SNAPSHOT);
        long position = cursor == null ? 0 : Cursor.parse(snapshot ? cursor.substring(SNAPSHOT.length()) : cursor).position();
        long head = store.head().position();
        if (position > head) {
            throw new ValidationException("cursor " + cursor + " is ahead of this feed (head " + head + "): was the peer's store replaced?");
        }
        List<Change> picked = new ArrayList<>();
        long budget = (long) limit * SCAN_FACTOR;
        while (picked.size() < limit && budget > 0 && position < head) {
            List<Change> batch = store.changesSince(new Cursor(position), (int) Math.min(READ, budget));
            if (batch.isEmpty()) {
                break;
            }
            for (Change change : batch) {
                position = change.cursor().position();
                budget--;
                if (exported(peer, change, snapshot)) {
                    picked.add(change);
                    if (picked.size() == limit) {
                        break;
                    }
                }
            }
        }
        List<String> signed = picked.isEmpty() ? List.of() : SignedChange.signBatch(signer, domain, picked.stream()
                .map(c -> new SignedChange.Unsigned(c.agent().record(), c.agent().revision().value(), c.time())).toList())
                .stream().map(SignedChange::jws).toList();
        boolean more = position < head;
        String next = snapshot && more ? SNAPSHOT + position : Long.toString(position);
        return new SyncPage(signed, next, more);
    }

    private boolean exported(Peer peer, Change change, boolean snapshot) {
        AgentRecord record = change.agent().record();
        Optional<StoredAgent> current = store.find(record.name());
        if (current.isEmpty() || !current.get().revision().equals(change.agent().revision())) {
            return false; // superseded: its later change comes further on
        }
        AgentStatus status = record.status();
        if (status == AgentStatus.PENDING || status == AgentStatus.REJECTED || record.certificate() == null) {
            return false;
        }
        if (snapshot && status == AgentStatus.REVOKED) {
            return false;
        }
        return domain.contains(record.domain()) && peer.exportPolicy().permits(record);
    }
}
