package dev.acf.ans.sync;

import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.StoredAgent;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a change of the imported records becomes in the feed of a peer this ANS relays to
 * ({@link Peer#relay()}): the origin's signed form, passed on unchanged ({@code signed}), or the
 * payload of a withdrawal this ANS signs itself ({@code payload}). Immutable.
 *
 * @param signed the origin-signed form to pass on, or {@code null}
 * @param payload the withdrawal payload to sign, or {@code null}
 */
record RelayedChange(@Nullable String signed, byte @Nullable [] payload) {
    /**
     * Returns what a peer gets for a change of the imported records: the origin's signed form when the peer gets
     * that origin's records relayed, its policy permits the record and this ANS holds the form for the record as
     * stored; a withdrawal signed here when the peer may have held it and it is no longer relayable (withdrawn
     * here, or not permitted any more); else {@code null}, also when the change is superseded.
     */
    static @Nullable RelayedChange of(Domain domain, ForeignRegistry from, Peer peer, FeedCursor.Mode mode,
            EmbeddedRegistryStore.StoredChange change, long relayedStart, @Nullable ExportPolicy previousPolicy, long relayedHeld) {
        Optional<StoredAgent> current = from.store().find(change.name());
        if (current.isEmpty() || current.get().revision().value() != change.revision()) {
            return null;
        }
        AgentRecord record = current.get().record();
        if (!peer.relays(record.domain())) {
            return null;
        }
        ExportPolicy policy = peer.exportPolicy();
        Optional<String> proof = relayable(policy, record) ? from.proof(change.name(), change.revision()) : Optional.empty();
        boolean revoked = record.status() == AgentStatus.REVOKED;
        boolean send;
        boolean withdraw = false;
        switch (mode) {
            case SNAPSHOT -> send = proof.isPresent() && !revoked;
            case LIVE -> {
                send = proof.isPresent();
                withdraw = !send && ChangeFeed.held(from.store(), r -> relayable(policy, r), change, relayedStart);
            }
            default -> {
                ExportPolicy old = Objects.requireNonNull(previousPolicy);
                send = proof.isPresent() && (!revoked || change.position() > relayedHeld);
                withdraw = proof.isEmpty() && ChangeFeed.held(from.store(), r -> relayable(old, r), change, relayedHeld);
            }
        }
        if (send) {
            return new RelayedChange(proof.get(), null);
        }
        return withdraw ? new RelayedChange(null, SignedChange.payload(domain, SignedChange.Kind.WITHDRAW, record.name(), null, change.revision(),
                change.time())) : null;
    }

    /** Whether an imported record may go on to a peer under a policy: not pending or rejected, certified, permitted. */
    private static boolean relayable(ExportPolicy policy, AgentRecord record) {
        AgentStatus status = record.status();
        return status != AgentStatus.PENDING && status != AgentStatus.REJECTED && record.certificate() != null && policy.permits(record);
    }
}
