package dev.acf.ans.sync;

import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.ans.resolve.ExactResolver;
import dev.acf.ans.resolve.IndexFollower;
import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.Embedder;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records this ANS imported from peer domains (ANS-SYNC-2): kept read-only in a registry store
 * of their own under {@code <data>/peers/registry} (durable, never reachable through this ANS's
 * write API, which works on its own store only), resolvable by exact name and, with a Lucene
 * index of their own under {@code <data>/peers/resolve-index}, by intent. Each record keeps its
 * origin domain, which is how answers mark it foreign.
 *
 * <p>Only an importer writes here, and only verified changes ({@link SignedChange}): a change older
 * than the copy held (by the origin's {@code updatedAt}) is a replay and ignored, and a revoked record
 * stays revoked. A revocation is visible to exact and semantic resolution when {@link #apply}
 * returns, and is announced on the ANS's agent event stream so gateways drop the agent too.
 *
 * <p>Thread-safe.
 */
public final class ForeignRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignRegistry.class);

    private final Domain own;
    private final EmbeddedRegistryStore store;
    private final ExactResolver resolver;
    private final AgentEvents events;
    private final @Nullable LuceneAgentIndex index;
    private final @Nullable IndexFollower follower;
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private final @Nullable RelayProofs proofs;

    /**
     * Opens (or creates) the foreign records under {@code directory}.
     *
     * @param own this ANS's domain: records within it are never accepted from a peer
     * @param semantic whether to index the records for resolution by intent
     * @param embedder the embedder of that index, or {@code null} for lexical retrieval only
     */
    public ForeignRegistry(Path directory, Domain own, AgentEvents events, boolean semantic, @Nullable Embedder embedder, Clock clock) {
        this(directory, own, events, semantic, embedder, dev.acf.ans.resolve.ResolutionVocabulary.BUILT_IN, clock, false);
    }

    /**
     * Opens the foreign records as the public constructor does; {@code relaying} keeps each record's origin-signed
     * form too ({@link RelayProofs}), so that this ANS can pass it on to peers it relays to.
     */
    ForeignRegistry(Path directory, Domain own, AgentEvents events, boolean semantic, @Nullable Embedder embedder,
            dev.acf.ans.resolve.ResolutionVocabulary vocabulary, Clock clock, boolean relaying) {
        this.proofs = relaying ? RelayProofs.open(directory.resolve("relay-proofs.log")) : null;
        this.own = Objects.requireNonNull(own, "own");
        this.events = Objects.requireNonNull(events, "events");
        this.store = EmbeddedRegistryStore.open(directory.resolve("registry"), clock);
        this.resolver = new ExactResolver(store, clock);
        if (semantic) {
            LuceneAgentIndex.Builder builder = vocabulary.applyTo(LuceneAgentIndex.builder()).directory(directory.resolve("resolve-index"));
            if (embedder == null) {
                builder.lexicalOnly();
            } else {
                builder.embedder(embedder);
            }
            this.index = builder.build();
            this.follower = IndexFollower.start(index, store, events, clock, IndexFollower.Timing.defaults());
        } else {
            this.index = null;
            this.follower = null;
        }
    }

    /** Returns the resolvable foreign record of a name, if any; never one of this ANS's own domain. */
    public Optional<AgentRecord> resolve(AgentName name) {
        if (own.contains(name)) {
            return Optional.empty();
        }
        return resolver.resolve(name);
    }

    /**
     * Returns the foreign agents matching an intent, best first.
     *
     * @throws UnavailableException when semantic resolution is off or the index is being built
     */
    public List<ResolveResult> search(ResolveQuery query, SearchOptions options) {
        if (follower == null) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "peer records are not indexed for resolution by intent on this ANS");
        }
        return follower.search(query, options);
    }

    /**
     * Returns the agents of this domain ({@code local}) and of peers matching an intent, ranked
     * together on one scale, best first.
     *
     * @throws UnavailableException when semantic resolution is off or an index is being built
     */
    public List<ResolveResult> searchWith(IndexFollower local, ResolveQuery query, SearchOptions options) {
        if (follower == null) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "peer records are not indexed for resolution by intent on this ANS");
        }
        return local.searchTogether(follower, query, options);
    }

    /** Returns the stored copy of a foreign record, whatever its status. */
    public Optional<AgentRecord> find(AgentName name) {
        return store.find(name).map(StoredAgent::record);
    }

    /** Returns how many foreign agent versions are held. */
    public long count() {
        return store.count();
    }

    /**
     * Applies verified changes durably: different records in parallel (so the store's group commit
     * shares its fsyncs), the changes of one record in order. Returns how many changed a record.
     */
    public int apply(List<SignedChange> changes) {
        return applyVerified(changes.stream().map(c -> new ChangeVerifier.Verified(c, null, ChangeVerifier.isWhole(c.jws()) ? null : c.jws())).toList());
    }

    /** Applies verified changes as {@link #apply(List)} does, storing each record's signed JSON as it came. */
    int applyVerified(List<ChangeVerifier.Verified> changes) {
        Map<AgentName, List<ChangeVerifier.Verified>> byName = new LinkedHashMap<>();
        for (ChangeVerifier.Verified change : changes) {
            byName.computeIfAbsent(change.change().name(), n -> new ArrayList<>()).add(change);
        }
        List<Future<Integer>> done = new ArrayList<>();
        for (List<ChangeVerifier.Verified> ofOne : byName.values()) {
            done.add(writers.submit(() -> {
                int n = 0;
                for (ChangeVerifier.Verified change : ofOne) {
                    n += applyRetrying(change) ? 1 : 0;
                }
                return n;
            }));
        }
        int applied = 0;
        for (Future<Integer> f : done) {
            try {
                applied += f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while storing peer records");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (proofs != null) {
            proofs.force(); // before the importer writes its cursor
        }
        return applied;
    }

    private boolean applyRetrying(ChangeVerifier.Verified change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return apply(change.change(), change.recordJson(), change.proof());
            } catch (ConflictException e) {
                if (attempt == 3) {
                    throw e; // the same record imported through several peers at once, again and again
                }
            }
        }
    }

    /**
     * Applies one verified change; returns false when it is stale, a replay, or changes nothing. Keeps
     * {@code proof}, the change's origin-signed form, for relaying when this registry keeps proofs.
     */
    boolean apply(SignedChange change, byte @Nullable [] recordJson, @Nullable String proof) {
        if (own.contains(change.name())) {
            LOG.warn("peer change for {} lies in this ANS's own domain {}: ignored", change.name(), own);
            return false;
        }
        Optional<StoredAgent> held = store.find(change.name());
        AgentRecord incoming = change.record();
        if (incoming == null) {
            return withdraw(held.orElse(null));
        }
        if (held.isPresent()) {
            AgentRecord current = held.get().record();
            if (incoming.equals(current)) {
                keepProof(change.name(), held.get().revision(), proof); // a page read again after a crash
                return false;
            }
            if (current.status() == AgentStatus.REVOKED || incoming.updatedAt().isBefore(current.updatedAt())) {
                return false;
            }
        }
        Revision expected = held.map(StoredAgent::revision).orElse(Revision.NONE);
        Revision stored = recordJson != null ? store.put(incoming, recordJson, expected) : store.put(incoming, expected);
        keepProof(change.name(), stored, proof);
        events.publish(new AgentEvent(incoming.isResolvable() ? AgentEvent.Type.UPSERTED : AgentEvent.Type.WITHDRAWN, incoming));
        return true;
    }

    private void keepProof(AgentName name, Revision revision, @Nullable String proof) {
        if (proofs != null && proof != null) {
            proofs.put(name, revision.value(), proof);
        }
    }

    /** Returns the store of imported records, which a relaying feed walks. */
    EmbeddedRegistryStore store() {
        return store;
    }

    /** Returns whether this registry keeps origin-signed forms for relaying. */
    boolean keepsProofs() {
        return proofs != null;
    }

    /**
     * Returns whether importers must read their peers' snapshots again to collect the origin-signed forms of records
     * already held: this registry keeps them, and kept none when opened (relaying was just turned on).
     */
    boolean needsProofs() {
        return proofs != null && proofs.startedEmpty() && store.count() > 0;
    }

    /** Returns the origin-signed form of an imported record at a revision of this store, if kept. */
    Optional<String> proof(AgentName name, long revision) {
        return proofs == null ? Optional.empty() : proofs.find(name, revision);
    }

    /**
     * Removes a record the peer no longer exports: the append-only store keeps a tombstone, the record
     * {@link AgentStatus#SUSPENDED} (neither resolvable nor searchable), which a later export replaces.
     */
    private boolean withdraw(@Nullable StoredAgent held) {
        if (held == null || held.record().status() == AgentStatus.REVOKED || held.record().status() == AgentStatus.SUSPENDED) {
            return false; // never held, revoked (which stays), or already withdrawn
        }
        AgentRecord tombstone = held.record().toBuilder().status(AgentStatus.SUSPENDED).build();
        store.put(tombstone, held.revision());
        events.publish(new AgentEvent(AgentEvent.Type.WITHDRAWN, tombstone));
        return true;
    }

    /** Stops indexing and closes the store and index; idempotent. */
    @Override
    public void close() {
        writers.shutdown();
        if (follower != null) {
            follower.close();
        }
        if (index != null) {
            index.close();
        }
        store.close();
        if (proofs != null) {
            proofs.close();
        }
    }
}
