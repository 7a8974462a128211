package dev.acf.ans.sync;

import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.ans.sign.AnsSigner;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.sync.SyncPage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>Withdrawals.</b> When a change makes a record no longer exportable to a peer (its tags,
 * classification or status changed), the peer gets a signed {@code withdraw} change without the
 * record, provided it could hold the record: its state at the peer's cursor was exportable, so a
 * peer never learns the name of a record it was never allowed to see. Cursors carry a fingerprint
 * of the peer's policy; when an operator changes the policy, the peer's next read walks every
 * record once and gets withdrawals for what the old policy showed and the new one does not, and
 * upserts for what the new one adds (old policies are kept in {@code export-policies.json}).
 * Records are served as the store holds them ({@link EmbeddedRegistryStore#storedChangesSince}),
 * encoded once when written.
 *
 * <p><b>Relaying.</b> To a peer with {@link Peer#relay()} origins, the feed also serves the records
 * this ANS imported from those origins, after its own: each as its origin signed it (kept by the
 * importer), so the peer verifies it against the origin's pinned key and this ANS cannot alter it;
 * revocations pass the same way, and a record withdrawn here or no longer permitted by the peer's
 * policy is withdrawn with this ANS's signature. Cursors then carry a position in each store.
 *
 * <p>Thread-safe. A page of several changes is signed once, as a batch ({@link SignedChange}); an
 * importer that asks for it gets the page as one whole batch.
 *
 * <pre>{@code
 * Peer peer = feed.authenticate(bearerToken);
 * SyncPage page = feed.page(peer, null, 1000);     // snapshot, first page
 * page = feed.page(peer, page.cursor(), 1000);     // and on
 * }</pre>
 */
public final class ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    /** Changes read per store call. */
    private static final int READ = 1_000;
    /** A page scans at most this many changes per change it may return, so a request stays short over a feed the peer may not see. */
    private static final int SCAN_FACTOR = 20;
    /** Changes per whole batch: a page's batches stay a few megabytes each, well within a JSON parser's string limit. */
    private static final int WHOLE_BATCH = 1_000;
    /** The previous position of a change read from a store that does not say. */
    private static final long UNKNOWN = -1;

    private final Domain domain;
    private final RegistryStore store;
    private final AnsSigner signer;
    private final List<Peer> peers;
    private final ExportPolicyHistory history;
    private final @Nullable ForeignRegistry relayed;

    /**
     * Creates the feed of {@code domain}'s records in {@code store} for the exporting peers among {@code peers},
     * remembering their export policies in memory only (a policy change across restarts is then not withdrawn).
     */
    public ChangeFeed(Domain domain, RegistryStore store, AnsSigner signer, List<Peer> peers) {
        this(domain, store, signer, peers, null);
    }

    /**
     * Creates the feed as {@link #ChangeFeed(Domain, RegistryStore, AnsSigner, List)} does, keeping every export
     * policy served in {@code policyHistory}, so that after an operator changes a peer's policy the peer gets
     * withdrawals for what the old policy let it see and the new one does not.
     */
    public ChangeFeed(Domain domain, RegistryStore store, AnsSigner signer, List<Peer> peers, @Nullable Path policyHistory) {
        this(domain, store, signer, peers, policyHistory, null);
    }

    /** Creates the feed as above, relaying records of {@code relayed} to the peers configured to get them. */
    ChangeFeed(Domain domain, RegistryStore store, AnsSigner signer, List<Peer> peers, @Nullable Path policyHistory,
            @Nullable ForeignRegistry relayed) {
        this.relayed = relayed;
        this.domain = Objects.requireNonNull(domain, "domain");
        this.store = Objects.requireNonNull(store, "store");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.peers = peers.stream().filter(Peer::exports).toList();
        this.history = new ExportPolicyHistory(policyHistory, this.peers.stream().map(Peer::exportPolicy).toList());
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

    /** Returns a position that grows whenever the feed does: the store's head, plus that of relayed records. */
    public Cursor head() {
        return new Cursor(store.head().position() + (relayed == null ? 0 : relayed.store().head().position()));
    }

    /**
     * Returns the changes after a cursor that the peer may see, a page of several signed as a batch of
     * per-change forms (each verifiable alone).
     *
     * @param cursor a cursor of an earlier page, or {@code null} to start a snapshot
     * @param limit the most changes, 1-{@value Federation#MAX_PAGE}
     * @throws ValidationException for a cursor this feed did not write or a bad limit
     */
    public SyncPage page(Peer peer, @Nullable String cursor, int limit) {
        return page(peer, cursor, limit, false);
    }

    /**
     * Returns the changes after a cursor as {@link #page(Peer, String, int)} does; with {@code whole}, the changes
     * this ANS signs come as one whole batch ({@code <batch JWS>~*~<payload>~...}, see {@link SignedChange}), which an
     * importer verifies at once, followed by relayed changes in their origin's signed forms.
     */
    public SyncPage page(Peer peer, @Nullable String cursor, int limit, boolean whole) {
        if (limit < 1 || limit > Federation.MAX_PAGE) {
            throw new ValidationException("limit must be 1-" + Federation.MAX_PAGE + ", was " + limit);
        }
        FeedCursor at = FeedCursor.parse(cursor);
        long head = store.head().position();
        boolean relaying = relayed != null && !peer.relay().isEmpty();
        long relayedHead = relaying ? Objects.requireNonNull(relayed).store().head().position() : 0;
        if (at.position() > head || (relaying && at.relayed() > relayedHead)) {
            throw new ValidationException("cursor " + cursor + " is ahead of this feed (head " + head + "+" + relayedHead
                    + "): was the peer's store replaced?");
        }
        ExportPolicy policy = peer.exportPolicy();
        String fingerprint = ExportPolicyHistory.fingerprint(policy);
        FeedCursor.Mode mode = at.mode();
        long position = at.position();
        long relayedPosition = at.relayed();
        long held = at.held();
        long relayedHeld = at.relayedHeld();
        String oldFingerprint = at.oldPolicy();
        if (at.policy() != null && !at.policy().equals(fingerprint)) {
            // The operator changed this peer's policy since the cursor was cut: walk every record once more.
            boolean again = mode == FeedCursor.Mode.TRANSITION;
            oldFingerprint = again ? at.oldPolicy() : at.policy();
            held = again ? at.held() : position;
            relayedHeld = again ? at.relayedHeld() : relayedPosition;
            mode = FeedCursor.Mode.TRANSITION;
            position = 0;
            relayedPosition = 0;
        }
        ExportPolicy old = null;
        if (mode == FeedCursor.Mode.TRANSITION) {
            old = history.find(Objects.requireNonNull(oldFingerprint)).orElse(null);
            if (old == null) {
                LOG.warn("peer {} read with export policy {}, which this ANS no longer knows: sending a snapshot of what it may see now,"
                        + " without withdrawals", peer.domain(), oldFingerprint);
                mode = FeedCursor.Mode.SNAPSHOT;
                position = 0;
                relayedPosition = 0;
            }
        }
        Walk walk = new Walk(peer, mode, position, relayedPosition, old, held, relayedHeld);
        List<byte[]> picked = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        Instant newest = Instant.EPOCH;
        long budget = (long) limit * SCAN_FACTOR;
        while (picked.size() < limit && budget > 0 && position < head) {
            List<EmbeddedRegistryStore.StoredChange> batch = read(store, position, (int) Math.min(READ, budget));
            if (batch.isEmpty()) {
                break;
            }
            for (EmbeddedRegistryStore.StoredChange change : batch) {
                position = change.position();
                budget--;
                byte[] payload = payload(walk, change);
                if (payload != null) {
                    picked.add(payload);
                    newest = change.time().isAfter(newest) ? change.time() : newest;
                    if (picked.size() == limit) {
                        break;
                    }
                }
            }
        }
        if (relaying && position >= head) {
            ForeignRegistry from = Objects.requireNonNull(relayed);
            while (picked.size() + passed.size() < limit && budget > 0 && relayedPosition < relayedHead) {
                List<EmbeddedRegistryStore.StoredChange> batch = from.store().storedChangesSince(new Cursor(relayedPosition),
                        (int) Math.min(READ, budget));
                if (batch.isEmpty()) {
                    break;
                }
                for (EmbeddedRegistryStore.StoredChange change : batch) {
                    relayedPosition = change.position();
                    budget--;
                    RelayedChange out = RelayedChange.of(domain, from, walk.peer(), walk.mode(), change, walk.relayedStart(), walk.old(),
                            walk.relayedHeld());
                    if (out != null && out.signed() != null) {
                        passed.add(out.signed());
                    } else if (out != null) {
                        picked.add(Objects.requireNonNull(out.payload()));
                        newest = change.time().isAfter(newest) ? change.time() : newest;
                    }
                    if (picked.size() + passed.size() == limit) {
                        break;
                    }
                }
            }
        }
        List<String> signed = new ArrayList<>(picked.size() + passed.size());
        if (whole && picked.size() > 1) {
            for (int from = 0; from < picked.size(); from += WHOLE_BATCH) {
                List<byte[]> part = picked.subList(from, Math.min(picked.size(), from + WHOLE_BATCH));
                signed.addAll(part.size() == 1 ? SignedChange.signPayloads(signer, domain, part, newest)
                        : List.of(SignedChange.signWhole(signer, domain, part, newest)));
            }
        } else if (!picked.isEmpty()) {
            signed.addAll(SignedChange.signPayloads(signer, domain, picked, newest));
        }
        signed.addAll(passed);
        boolean more = position < head || (relaying && relayedPosition < relayedHead);
        return new SyncPage(signed, FeedCursor.next(mode, position, relayedPosition, held, relayedHeld, oldFingerprint, fingerprint, more,
                relaying), more);
    }

    /**
     * One page's walk: whom for, in which mode, from where; in a transition, the old policy and the
     * position up to which the peer holds what it let it see.
     */
    private record Walk(Peer peer, FeedCursor.Mode mode, long start, long relayedStart, @Nullable ExportPolicy old, long held,
            long relayedHeld) {}


    /**
     * Reads changes with each record's JSON as stored, so a record is encoded once, when it is written,
     * however many peers and pages carry it. A store that cannot hand out its bytes has them encoded here.
     */
    static List<EmbeddedRegistryStore.StoredChange> read(RegistryStore store, long after, int limit) {
        if (store instanceof EmbeddedRegistryStore embedded) {
            return embedded.storedChangesSince(new Cursor(after), limit);
        }
        List<EmbeddedRegistryStore.StoredChange> out = new ArrayList<>();
        for (Change change : store.changesSince(new Cursor(after), limit)) {
            StoredAgent agent = change.agent();
            out.add(new EmbeddedRegistryStore.StoredChange(change.cursor().position(), agent.record().name(), agent.revision().value(),
                    change.time(), AcfJson.writeBytes(agent.record()), change.type() == Change.Type.CREATED ? 0 : UNKNOWN));
        }
        return out;
    }

    /**
     * Returns the payload a peer gets for a change: the record when the peer may see it, a withdrawal when
     * it may not any more but may have held it, else {@code null} (also when the change is superseded:
     * the later change comes further on).
     */
    private byte @Nullable [] payload(Walk walk, EmbeddedRegistryStore.StoredChange change) {
        Optional<StoredAgent> current = store.find(change.name());
        if (current.isEmpty() || current.get().revision().value() != change.revision()) {
            return null;
        }
        AgentRecord record = current.get().record();
        if (!domain.contains(record.domain())) {
            return null;
        }
        ExportPolicy policy = walk.peer().exportPolicy();
        boolean revoked = record.status() == AgentStatus.REVOKED;
        boolean send;
        boolean withdraw = false;
        switch (walk.mode()) {
            case SNAPSHOT -> send = exportable(policy, record) && !revoked;
            case LIVE -> {
                send = exportable(policy, record);
                withdraw = !send && held(store, r -> exportable(policy, r), change, walk.start());
            }
            default -> {
                // A transition: what the new policy permits (a revocation only when newer than what the peer holds),
                // and a withdrawal of what the old one let the peer hold and the new one does not.
                send = exportable(policy, record) && (!revoked || change.position() > walk.held());
                ExportPolicy old = Objects.requireNonNull(walk.old());
                withdraw = !exportable(policy, record) && held(store, r -> exportable(old, r), change, walk.held());
            }
        }
        if (send) {
            SignedChange.Kind kind = revoked ? SignedChange.Kind.REVOKE : SignedChange.Kind.UPSERT;
            return SignedChange.payload(domain, kind, record.name(), change.recordJson(), change.revision(), change.time());
        }
        return withdraw ? SignedChange.payload(domain, SignedChange.Kind.WITHDRAW, record.name(), null, change.revision(), change.time()) : null;
    }

    /**
     * Returns whether the peer may hold the record: its newest change at or before {@code start} was
     * exportable under {@code policy}. Only then does a record that is not exportable any more get a
     * withdrawal, so a peer never learns the names of records it was never allowed to see.
     */
    static boolean held(RegistryStore store, Predicate<AgentRecord> exportable, EmbeddedRegistryStore.StoredChange change, long start) {
        if (change.position() <= start) {
            return exportable.test(store.find(change.name()).map(StoredAgent::record).orElseThrow());
        }
        long previous = change.previous();
        EmbeddedRegistryStore.StoredChange before = null;
        while (previous > 0) {
            List<EmbeddedRegistryStore.StoredChange> found = read(store, previous - 1, 1);
            if (found.isEmpty()) {
                return true;
            }
            before = found.getFirst();
            if (before.position() <= start) {
                break;
            }
            previous = before.previous();
        }
        if (previous == UNKNOWN) {
            return true; // a store that keeps no history link: withdraw to be safe
        }
        if (previous == 0 || before == null) {
            return false; // created after the peer's position: it never had it
        }
        return exportable.test(AcfJson.read(before.recordJson(), AgentRecord.class));
    }

    private boolean exportable(ExportPolicy policy, AgentRecord record) {
        AgentStatus status = record.status();
        if (status == AgentStatus.PENDING || status == AgentStatus.REJECTED || record.certificate() == null) {
            return false;
        }
        return domain.contains(record.domain()) && policy.permits(record);
    }
}
