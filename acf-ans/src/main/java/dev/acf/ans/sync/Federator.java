package dev.acf.ans.sync;

import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.sign.AnsSigner;
import dev.acf.ans.resolve.IndexFollower;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.resolve.Embedder;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The federation side of one ANS, built from its {@link Federation} settings: the
 * {@link ChangeFeed} it exports, the {@link ForeignRegistry} of imported records and one
 * {@link PeerImporter} per importing peer. Created and closed by {@code AnsServer}; embedders
 * reach it through {@code AnsServer.federation()} to read importer status or print the DNS
 * records to publish.
 *
 * <p>Thread-safe.
 */
public final class Federator implements AutoCloseable {
    private final Domain domain;
    private final Federation config;
    private final AnsSigner signer;
    private final ChangeFeed feed;
    private final ForeignRegistry foreign;
    private final List<PeerImporter> importers = new ArrayList<>();
    private boolean closed;

    private Federator(Domain domain, Federation config, RegistryStore store, AnsSigner signer, ForeignRegistry foreign, Path peers) {
        this.domain = domain;
        this.config = config;
        this.signer = signer;
        this.foreign = foreign;
        this.feed = new ChangeFeed(domain, store, signer, config.peers(), peers.resolve("export-policies.json"), foreign);
    }

    /**
     * Opens the foreign records under {@code <dataDirectory>/peers} and starts an importer per importing peer.
     *
     * @param embedder the embedder for the index of foreign records, or {@code null} for lexical retrieval
     * @param vocabulary the synonyms and glossary of that index, as of this ANS's own
     */
    public static Federator start(Federation config, Domain domain, RegistryStore store, AnsSigner signer, AgentEvents events,
            Path dataDirectory, boolean semantic, @Nullable Embedder embedder, dev.acf.ans.resolve.ResolutionVocabulary vocabulary, Clock clock) {
        Path peers = dataDirectory.resolve("peers");
        boolean relaying = config.peers().stream().anyMatch(p -> !p.relay().isEmpty());
        ForeignRegistry foreign = new ForeignRegistry(peers, domain, events, semantic, embedder, vocabulary, clock, relaying);
        Federator federator = new Federator(domain, config, store, signer, foreign, peers);
        try {
            PeerDiscovery discovery = needsDns(config) ? new PeerDiscovery(config.dns() != null ? config.dns() : DnsjavaLookup.system()) : null;
            PeerTrust trust = new PeerTrust(config.peers(), discovery);
            java.util.Set<Domain> direct = config.peers().stream().filter(Peer::imports).map(Peer::domain).collect(java.util.stream.Collectors.toSet());
            for (Peer peer : config.peers()) {
                if (peer.imports()) {
                    federator.importers.add(new PeerImporter(peer, foreign, trust, new HttpPeerSyncTransport(Objects.requireNonNull(peer.importToken())),
                            peers, config.pollInterval(), config.pageSize(), direct).start());
                }
            }
        } catch (RuntimeException e) {
            federator.close();
            throw e;
        }
        return federator;
    }

    private static boolean needsDns(Federation config) {
        return config.dns() != null || config.peers().stream().anyMatch(p -> p.imports() && (p.ans() == null || p.keys() == null));
    }

    /** Returns the settings. */
    public Federation config() {
        return config;
    }

    /** Returns the feed this ANS exports. */
    public ChangeFeed feed() {
        return feed;
    }

    /** Returns the records imported from peers. */
    public ForeignRegistry foreign() {
        return foreign;
    }

    /** Returns the importers, one per importing peer. */
    public List<PeerImporter> importers() {
        return List.copyOf(importers);
    }

    /** Returns the importer of a peer domain, if it imports. */
    public Optional<PeerImporter> importer(String peerDomain) {
        Domain wanted = Domain.of(peerDomain);
        return importers.stream().filter(i -> i.peer().equals(wanted)).findFirst();
    }

    /** Returns the DNS records announcing this ANS at {@code api}, with its currently published keys. */
    public DnsAnnouncement announcement(URI api) {
        return DnsAnnouncement.of(domain, api, signer.publicJwks().getKeys(), null);
    }

    /** Returns the resolvable foreign record of a name outside this ANS's domain, if any. */
    public Optional<AgentRecord> resolve(AgentName name) {
        return foreign.resolve(name);
    }

    /**
     * Adds peers' agents to a semantic answer when the options ask ({@code includePeers}) or, when
     * they do not say, when the federation includes peers by default: both lists merged by score,
     * best first, cut to the query's limit.
     */
    public List<ResolveResult> withPeers(ResolveQuery query, SearchOptions options, List<ResolveResult> local) {
        Boolean asked = options.includePeers();
        if (!(asked != null ? asked : config.includePeersByDefault())) {
            return local;
        }
        List<ResolveResult> merged = new ArrayList<>(local);
        merged.addAll(foreign.search(query, options));
        merged.sort(Comparator.comparingDouble(ResolveResult::score).reversed());
        return List.copyOf(merged.subList(0, Math.min(merged.size(), query.limit())));
    }

    /**
     * Resolves an intent over this domain's index and, when the options ask ({@code includePeers})
     * or, when they do not say, when the federation includes peers by default, over the peers'
     * agents too, searched together with the local ones so that their scores compare.
     */
    public List<ResolveResult> search(IndexFollower local, ResolveQuery query, SearchOptions options) {
        Boolean asked = options.includePeers();
        if (!(asked != null ? asked : config.includePeersByDefault())) {
            return local.search(query, options);
        }
        return foreign.searchWith(local, query, options);
    }

    /** Stops the importers and closes the foreign records; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        importers.forEach(PeerImporter::close);
        foreign.close();
    }
}
