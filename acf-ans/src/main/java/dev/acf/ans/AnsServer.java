package dev.acf.ans;

import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.auth.Secret;
import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.http.AnsHttpServer;
import dev.acf.ans.lifecycle.Lifecycle;
import dev.acf.ans.permission.Permissions;
import dev.acf.api.security.GrantPolicy;
import dev.acf.ans.graph.InteractionGraph;
import dev.acf.ans.monitor.Monitor;
import dev.acf.ans.audit.AuditLog;
import dev.acf.ans.ca.CsrRules;
import dev.acf.ans.ca.EmbeddedCertificateAuthority;
import dev.acf.ans.ca.EmbeddedCertificateAuthorityProvider;
import dev.acf.ans.sign.AnsSigner;
import dev.acf.ans.sync.Federation;
import dev.acf.ans.sync.Federator;
import dev.acf.ans.sync.Peer;
import dev.acf.ans.verify.TrustStore;
import dev.acf.ans.verify.Verification;
import dev.acf.ans.verify.Verifier;
import dev.acf.ans.register.ApprovalPolicy;
import dev.acf.ans.register.PendingRequests;
import dev.acf.ans.register.Registrar;
import dev.acf.ans.resolve.ExactResolver;
import dev.acf.ans.resolve.InProcessAnsLookup;
import dev.acf.ans.resolve.IndexFollower;
import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.ResolutionVocabulary;
import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.CertificateAuthorityProvider;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.RegistryStoreProvider;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.api.resolve.Embedder;
import dev.acf.api.security.ContentInspector;
import dev.acf.ans.security.InjectionDetector;
import dev.acf.api.resolve.EmbedderProvider;
import dev.acf.api.resolve.Reranker;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * An embeddable Agent Name Service: registration, certificate authority, registry, exact and
 * semantic resolution and the HTTP API of SPEC section 3.6, on embedded defaults that need no
 * external service (files under one data directory). Semantic resolution is served from a
 * Lucene index under {@code resolve-index} that follows the registry store (rebuilt from it
 * when missing); the embedding model loads on first use, once per JVM.
 *
 * <p>Build it, {@link #start()} it, use {@link #baseUri()} or {@link #service()}, and close
 * it. Closing stops the HTTP listener (letting in-flight requests finish) and releases what
 * the server opened, never what was passed in.
 *
 * <pre>{@code
 * try (AnsServer ans = AnsServer.builder()
 *         .domain("ops.example.net")
 *         .dataDirectory(Path.of("ans-data"))
 *         .bootstrapToken("fleet-bootstrap-token-0001", BootstrapTokens.Use.REUSABLE)
 *         .adminToken("admin-token-0123456789abcdef")
 *         .build()
 *         .start()) {
 *     URI base = ans.baseUri();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class AnsServer implements AutoCloseable {
    private final Config config;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final AnsService service;
    private final AgentEvents events;
    private final ExactResolver resolver;
    private final AnsHttpServer http;
    private final AnsSigner signer;
    private final CertificateAuthority ca;
    private final Monitor monitor;
    private final InteractionGraph graph;
    private final Verifier verifier;
    private volatile @Nullable Federator federator;
    private boolean closed;

    private AnsServer(Config config, GrantPolicy.Builder permissionPolicy) {
        this.config = config;
        ProviderConfig providerConfig = ProviderConfig.of(Map.of(
                ProviderConfig.DATA_DIRECTORY, config.dataDirectory().toString(),
                "domain", config.domain().name()));
        ClassLoader loader = AnsServer.class.getClassLoader();
        Map<String, String> storeSettings = new LinkedHashMap<>(providerConfig.properties());
        storeSettings.put(ProviderConfig.DATA_DIRECTORY, config.dataDirectory().resolve("registry").toString());
        storeSettings.putAll(config.storeSettings());
        RegistryStore store = ExtensionLoader.resolve(config.store(), RegistryStoreProvider.class, loader,
                config.storeProvider(), ProviderConfig.of(storeSettings));
        if (config.store() == null) {
            owned.add(store);
        }
        ProviderConfig caConfig = providerConfig.with(ProviderConfig.DATA_DIRECTORY, config.dataDirectory().resolve("ca").toString());
        if (!config.ipAddressSans().isEmpty()) {
            caConfig = caConfig.with(EmbeddedCertificateAuthorityProvider.IP_ADDRESS_SANS,
                    String.join(",", config.ipAddressSans().stream().map(InetAddress::getHostAddress).toList()));
        }
        CertificateAuthority ca = ExtensionLoader.resolve(config.ca(), CertificateAuthorityProvider.class, loader, null, caConfig);
        if (config.ca() == null && ca instanceof AutoCloseable closeable) {
            owned.add(closeable);
        }
        events = new AgentEvents(10_000);
        owned.add(events);
        BootstrapTokens tokens = BootstrapTokens.open(config.dataDirectory().resolve("tokens"), config.bootstrapTokens());
        PendingRequests pending = new PendingRequests(config.dataDirectory().resolve("requests"));
        // Names this store does not resolve may be peers' imported records (ANS-SYNC-2).
        resolver = new ExactResolver(store, config.clock(), name -> {
            Federator peers = federator;
            return peers == null ? java.util.Optional.empty() : peers.resolve(name);
        });
        Registrar registrar = new Registrar(config.domain(), store, ca, tokens, pending, events, config.approvalPolicy(),
                config.certificateValidity(), config.clock(), new CsrRules(config.domain(), config.ipAddressSans()));
        AuditLog audit = AuditLog.open(config.dataDirectory().resolve("audit"), config.clock());
        owned.add(audit);
        Lifecycle lifecycle = new Lifecycle(store, ca, events, config.certificateValidity(), config.clock());
        monitor = new Monitor(config.dataDirectory().resolve("monitor"), audit, 10_000, config.clock());
        IndexFollower follower = null;
        Embedder indexEmbedder = null;
        TrustStore trust = new TrustStore(config.dataDirectory().resolve("trust"));
        LuceneAgentIndex indexed = null;
        if (config.semanticResolution()) {
            LuceneAgentIndex.Builder index = config.vocabulary().applyTo(LuceneAgentIndex.builder())
                    .directory(config.dataDirectory().resolve("resolve-index")).verifiedSkills(trust::verifiedSkills);
            Embedder embedder = "none".equals(config.embedderProvider()) && config.embedder() == null ? null
                    : ExtensionLoader.resolve(config.embedder(), EmbedderProvider.class, loader, config.embedderProvider(), providerConfig);
            if (embedder == null) {
                index.lexicalOnly();
            } else {
                index.embedder(embedder);
            }
            LuceneAgentIndex built = index.build();
            indexed = built;
            indexEmbedder = built.embedder();
            owned.add(built);
            follower = IndexFollower.start(built, store, events, config.clock(), IndexFollower.Timing.defaults());
            owned.add(follower); // closed before the index: its last commit records the feed position
        }
        Permissions permissions = new Permissions(config.dataDirectory().resolve("permissions"),
                permissionPolicy.clock(config.clock()).build(), events, config.clock());
        owned.add(permissions);
        graph = new InteractionGraph(config.clock(), store, monitor, permissions::policy, events, InteractionGraph.DEFAULT_MAX_EDGES);
        // Graph nodes carry the agent's trust summary once it was verified (ANS-MON-3).
        graph.trustSource(agent -> java.util.Optional.of(trust.summary(agent)).filter(s -> s.lastVerified() != null));
        LuceneAgentIndex reindexed = indexed;
        verifier = new Verifier(config.verification(), config.domain(), store, ca, permissions, events, trust,
                name -> { if (reindexed != null) { reindexed.reindex(name); } }, config.clock());
        owned.add(verifier); // closed before the permissions, index and store it uses
        service = new AnsService(config.domain(), store, ca, registrar, resolver, events, pending, config.adminToken(),
                config.grantReaderTokens(), audit, lifecycle,
                follower, config.reranker(), inspector(config, indexEmbedder), permissions, config.clock(), monitor, graph, trust);
        signer = config.signer() != null ? config.signer()
                : AnsSigner.builder().dataDirectory(config.dataDirectory().resolve("signing")).clock(config.clock()).build();
        this.ca = ca;
        http = new AnsHttpServer(service, signer::signDetached, () -> AcfJson.readTree(signer.jwksJson().getBytes(StandardCharsets.UTF_8)),
                signer::rotate, config.bind(), config.limits());
        if (config.federation() != null) {
            Federator started = Federator.start(config.federation(), config.domain(), store, signer, events, config.dataDirectory(),
                    config.semanticResolution(), indexEmbedder, config.vocabulary(), config.clock());
            owned.add(started); // closed before the store it exports
            federator = started;
            service.federate(started);
            http.serveSync(started.feed());
        }
    }

    /** The content inspector of resolution queries: the configured one, else the built-in detector sharing the index's embedder. */
    private static @Nullable ContentInspector inspector(Config config, @Nullable Embedder embedder) {
        if (!config.contentInspection()) {
            return null;
        }
        if (config.inspector() != null) {
            return config.inspector();
        }
        InjectionDetector detector = InjectionDetector.builder().embedder(embedder).build();
        if (embedder != null) {
            // The exemplars are embedded in the background, so the first query does not wait for them.
            Thread.ofVirtual().name("injection-exemplars").start(detector::warmUp);
        }
        return detector;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the HTTP listener; returns this server. */
    public AnsServer start() {
        http.start();
        if (ca instanceof EmbeddedCertificateAuthority embedded && embedded.crlDistributionPoint() == null) {
            // Only now is the port known: certificates issued from here on point at this CRL.
            embedded.setCrlDistributionPoint(http.baseUri().resolve("/v1/ca/crl"));
        }
        return this;
    }

    /** Returns the signer of this ANS's answers; its {@link AnsSigner#jwksJson()} is what clients pin. */
    public AnsSigner signer() {
        return signer;
    }

    /** Returns the HTTP API's base URI, {@code http://host:port}; valid after {@link #start()}. */
    public URI baseUri() {
        return http.baseUri();
    }

    /** Returns the in-process API. */
    public AnsService service() {
        return service;
    }

    /** Returns an {@link AnsLookup} for a gateway embedded in this JVM. */
    public AnsLookup lookup() {
        return new InProcessAnsLookup(resolver, events);
    }

    /**
     * Returns the anomaly monitor (ANS-MON-2): for a gateway embedded in this JVM, its
     * {@link dev.acf.api.monitor.AnsMonitor} (reports trusted as in-process).
     */
    public Monitor monitor() {
        return monitor;
    }

    /**
     * Returns the interaction graph (ANS-MON-1): for a gateway embedded in this JVM, the
     * {@link dev.acf.api.monitor.InteractionFeed} (or {@link dev.acf.api.audit.AuditSink}) its
     * audit events go to; served at {@code GET /v1/graph}.
     *
     * <pre>{@code
     * GatewayServer.builder().lookup(ans.lookup()).interactionFeed(ans.graph());
     * }</pre>
     */
    public InteractionGraph graph() {
        return graph;
    }

    /**
     * Returns the federation side of this ANS (ANS-SYNC-1, ANS-SYNC-2): its exported feed, the
     * records imported from peers, importer status, the DNS records to publish. Empty without
     * {@link Builder#federation}.
     */
    public java.util.Optional<Federator> federation() {
        return java.util.Optional.ofNullable(federator);
    }

    /**
     * Returns the capability verifier (ANS-MON-3): {@link Verifier#connect} points it at a gateway
     * started after this ANS; {@link Verifier#verify} runs an agent's test cases at once.
     */
    public Verifier verifier() {
        return verifier;
    }

    /** Returns the configuration this server was built with. */
    public Config config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        events.close(); // ends event streams, so the HTTP server can drain
        monitor.close(); // and the long polls of the suspension feed
        graph.shutdown(); // and the graph streams
        try {
            http.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot close " + owned.get(i), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The settings of an ANS, as built by {@link Builder}.
     *
     * @param domain the administrative domain this ANS is authoritative for
     * @param dataDirectory where embedded defaults keep their files
     * @param bind the address the HTTP API listens on
     * @param bootstrapTokens accepted bootstrap tokens and how often each may be used
     * @param adminToken the administrator token, or {@code null} to disable administration
     * @param grantReaderTokens tokens that may list the permission grants besides the administrator's (gateways hold one)
     * @param approvalPolicy whether registrations wait for approval
     * @param certificateValidity the validity of issued agent certificates
     * @param limits HTTP limits
     * @param store an explicit registry store, or {@code null} to discover one
     * @param storeProvider the registry store provider to use when discovering, or {@code null} for the highest priority
     * @param storeSettings settings for the registry store provider, such as {@code jdbcUrl}
     * @param ca an explicit certificate authority, or {@code null} for the embedded one
     * @param signer signs answers, or {@code null} for the embedded signer under the data directory
     * @param semanticResolution whether {@code POST /v1/resolve} is served, from a Lucene index under {@code resolve-index}
     * @param embedder an explicit embedder, or {@code null} to discover one
     * @param embedderProvider the embedder provider to discover ({@code none}: lexical retrieval only), or {@code null} for the highest priority
     * @param reranker reorders semantic answers, or {@code null} for none
     * @param clock the clock of every time decision
     * @param ipAddressSans the IP addresses the embedded CA certifies as iPAddress SANs when requested (none by default)
     * @param contentInspection whether resolution queries are inspected for prompt injection (ANS-SEC-2; on by default)
     * @param inspector the inspector of resolution queries, or {@code null} for the built-in {@link InjectionDetector}
     * @param federation the peers and sync settings (ANS-SYNC-1, ANS-SYNC-2), or {@code null} for none
     * @param verification the capability verification settings (ANS-MON-3)
     * @param vocabulary the synonyms and Chinese-English glossary of semantic resolution
     */
    public record Config(Domain domain, Path dataDirectory, InetSocketAddress bind, Map<Secret, BootstrapTokens.Use> bootstrapTokens,
            @Nullable Secret adminToken, Set<Secret> grantReaderTokens, ApprovalPolicy approvalPolicy, Duration certificateValidity, AnsHttpServer.Limits limits,
            @Nullable RegistryStore store, @Nullable String storeProvider, Map<String, String> storeSettings, @Nullable CertificateAuthority ca,
            @Nullable AnsSigner signer, boolean semanticResolution, @Nullable Embedder embedder, @Nullable String embedderProvider,
            @Nullable Reranker reranker, Clock clock, List<InetAddress> ipAddressSans, boolean contentInspection,
            @Nullable ContentInspector inspector, @Nullable Federation federation, Verification verification, ResolutionVocabulary vocabulary) {
        /** Copies the address list and the reader tokens. */
        public Config {
            ipAddressSans = List.copyOf(ipAddressSans);
            grantReaderTokens = Set.copyOf(grantReaderTokens);
        }
    }

    /** Builds an {@link AnsServer}; not thread-safe. */
    public static final class Builder {
        private @Nullable Domain domain;
        private @Nullable Path dataDirectory;
        private String host = "127.0.0.1";
        private int port;
        private final Map<Secret, BootstrapTokens.Use> tokens = new LinkedHashMap<>();
        private @Nullable Secret adminToken;
        private final Set<Secret> grantReaderTokens = new LinkedHashSet<>();
        private ApprovalPolicy policy = ApprovalPolicy.AUTO;
        private Duration validity = Duration.ofHours(24);
        private AnsHttpServer.Limits limits = AnsHttpServer.Limits.defaults();
        private @Nullable RegistryStore store;
        private @Nullable String storeProvider;
        private final Map<String, String> storeSettings = new LinkedHashMap<>();
        private @Nullable CertificateAuthority ca;
        private @Nullable AnsSigner signer;
        private boolean semanticResolution = true;
        private @Nullable Embedder embedder;
        private boolean contentInspection = true;
        private @Nullable ContentInspector inspector;
        private @Nullable String embedderProvider;
        private @Nullable Reranker reranker;
        private Clock clock = Clock.systemUTC();
        private final List<InetAddress> ipAddressSans = new ArrayList<>();
        private final GrantPolicy.Builder permissionPolicy = GrantPolicy.builder();
        private @Nullable Federation federation;
        private final List<Peer> peers = new ArrayList<>();
        private Verification verification = Verification.defaults();
        private ResolutionVocabulary vocabulary = ResolutionVocabulary.BUILT_IN;

        private Builder() {}

        /**
         * Reads the telecom synonyms of semantic resolution from this file (Solr format) instead
         * of the built-in list; start from a copy of {@code telecom-synonyms.txt} to extend it.
         * The index is rebuilt from the registry when the list changes.
         *
         * @throws ConfigurationException when the file cannot be read
         */
        public Builder synonyms(Path file) { this.vocabulary = vocabulary.withSynonyms(Objects.requireNonNull(file, "file")); return this; }

        /**
         * Reads the Chinese-English glossary of semantic resolution from this file instead of
         * the built-in one; start from a copy of {@code telecom-glossary-zh-en.tsv} to extend it.
         * The index is rebuilt from the registry when the glossary changes.
         *
         * @throws ConfigurationException when the file cannot be read
         */
        public Builder glossary(Path file) { this.vocabulary = vocabulary.withGlossary(Objects.requireNonNull(file, "file")); return this; }

        /** Sets both word lists of semantic resolution at once (see {@link #synonyms} and {@link #glossary}). */
        public Builder vocabulary(ResolutionVocabulary value) { this.vocabulary = Objects.requireNonNull(value, "vocabulary"); return this; }

        /**
         * Sets how agents' skill test cases are run (ANS-MON-3): the gateway to probe through,
         * the period and jitter, the rate. Default {@link Verification#defaults()}: on, with no
         * gateway until {@link Verifier#connect} names one.
         */
        public Builder verification(Verification value) { this.verification = Objects.requireNonNull(value, "verification"); return this; }

        /**
         * Sets what discovery of agents in a domain (and below) does without a grant (ANS-SEC-1):
         * {@code DENY} hides them from identified callers' semantic resolution; with
         * {@code sameDomain} set, callers of the domain itself get that instead. Without any
         * setting every agent is discoverable (rule {@code default-allow:*}). Gateways mirror
         * the same defaults for calls.
         */
        public Builder defaultPermission(String domain, GrantPolicy.Decision decision, GrantPolicy.@Nullable Decision sameDomain) {
            permissionPolicy.defaultDecision(Domain.of(domain), new GrantPolicy.DomainDefault(decision, sameDomain));
            return this;
        }

        /** Sets the default for targets outside every domain given to {@link #defaultPermission} ({@code ALLOW} unless set). */
        public Builder defaultPermission(GrantPolicy.Decision decision) {
            permissionPolicy.fallback(decision);
            return this;
        }

        /**
         * Federates this ANS with peer domains (ANS-SYNC-1, ANS-SYNC-2): exports its change feed to
         * them and imports theirs, as the settings say. Peers added with {@link #peer} join these.
         */
        public Builder federation(Federation value) { this.federation = Objects.requireNonNull(value, "federation"); return this; }

        /** Adds a peer domain, with default federation settings unless {@link #federation} is given too. */
        public Builder peer(Peer value) { peers.add(Objects.requireNonNull(value, "peer")); return this; }

        /** Sets the domain this ANS is authoritative for (required). */
        public Builder domain(String value) { this.domain = Domain.of(value); return this; }
        /** Sets the data directory of the embedded defaults (required). */
        public Builder dataDirectory(Path value) { this.dataDirectory = value; return this; }
        /** Sets the listen address (default {@code 127.0.0.1}). */
        public Builder host(String value) { this.host = Objects.requireNonNull(value, "host"); return this; }
        /** Sets the listen port (default 0: any free port). */
        public Builder port(int value) { this.port = value; return this; }
        /** Adds a bootstrap token (at least 16 characters). */
        public Builder bootstrapToken(String token, BootstrapTokens.Use use) { tokens.put(Secret.of(token), use); return this; }
        /** Sets the administrator token (at least 16 characters); without one, administration is off. */
        public Builder adminToken(String token) { this.adminToken = Secret.of(token); return this; }

        /**
         * Adds a token (at least 16 characters) that may list the permission grants
         * ({@code GET /v1/permissions}) and nothing else: what a gateway following the grants
         * ({@code RemoteGrantPolicy}) presents, so it needs no administrator token. Repeatable,
         * one per gateway, so that each can be withdrawn alone. The administrator token lists
         * them too; with neither, the listing is refused.
         */
        public Builder grantReaderToken(String token) { grantReaderTokens.add(Secret.of(token)); return this; }
        /** Sets whether registrations wait for approval (default {@code AUTO}). */
        public Builder approvalPolicy(ApprovalPolicy value) { this.policy = Objects.requireNonNull(value, "policy"); return this; }
        /** Sets the validity of issued certificates (default 24 h). */
        public Builder certificateValidity(Duration value) { this.validity = value; return this; }
        /** Sets the HTTP limits. */
        public Builder limits(AnsHttpServer.Limits value) { this.limits = Objects.requireNonNull(value, "limits"); return this; }
        /** Uses this registry store (not closed by the server). */
        public Builder registryStore(RegistryStore value) { this.store = value; return this; }
        /** Picks the registry store provider by name, such as {@code embedded} or {@code jdbc}. */
        public Builder registryStoreProvider(String name) { this.storeProvider = name; return this; }
        /**
         * Sets one setting of the registry store provider, such as {@code jdbcUrl}, {@code username},
         * {@code password} or {@code poolSize} for the {@code jdbc} store.
         */
        public Builder registryStoreSetting(String key, String value) {
            storeSettings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }
        /** Uses this certificate authority (not closed by the server). */
        public Builder certificateAuthority(CertificateAuthority value) { this.ca = value; return this; }
        /** Signs answers with this signer (default: the embedded signer, keys under the data directory). */
        public Builder signer(AnsSigner value) { this.signer = value; return this; }
        /**
         * Turns semantic resolution ({@code POST /v1/resolve}, ANS-RES-2) on or off (default on).
         * When on, a Lucene index under {@code <data>/resolve-index} follows the registry store.
         */
        public Builder semanticResolution(boolean value) { this.semanticResolution = value; return this; }
        /**
         * Embeds intents and skills with this embedder (not closed by the server); share one
         * instance between servers of a JVM. Default: the highest-priority provider, the in-process MiniLM.
         */
        public Builder embedder(Embedder value) { this.embedder = Objects.requireNonNull(value, "embedder"); return this; }
        /** Turns the prompt-injection inspection of resolution queries (ANS-SEC-2) on or off; on by default. */
        public Builder contentInspection(boolean value) { this.contentInspection = value; return this; }
        /** Inspects resolution queries with this inspector instead of the built-in {@link InjectionDetector}. */
        public Builder contentInspector(ContentInspector value) { this.inspector = Objects.requireNonNull(value, "inspector"); return this; }
        /** Picks the embedder provider by name, such as {@code minilm}; {@code none} indexes no vectors (lexical retrieval only). */
        public Builder embedderProvider(String name) { this.embedderProvider = Objects.requireNonNull(name, "name"); return this; }
        /** Reorders semantic answers with this reranker (the "RAG" step); off by default. A failing reranker leaves the retrieval order. */
        public Builder reranker(Reranker value) { this.reranker = Objects.requireNonNull(value, "reranker"); return this; }
        /** Sets the clock (tests). */
        public Builder clock(Clock value) { this.clock = Objects.requireNonNull(value, "clock"); return this; }
        /**
         * Lets agents have these exact IP addresses certified as iPAddress SANs besides their ANS
         * name (off by default: a CSR naming an IP address is refused, rule {@code san-ip}). For
         * services clients reach by address, such as a gateway on {@code 127.0.0.1} that
         * {@code curl https://127.0.0.1:<port>} must verify. Applies to the embedded CA and to the
         * check of requests held for approval; an explicit {@link #certificateAuthority} keeps its
         * own policy. Adds to earlier calls.
         */
        public Builder allowIpAddressSans(InetAddress... addresses) {
            for (InetAddress address : Objects.requireNonNull(addresses, "addresses")) {
                ipAddressSans.add(Objects.requireNonNull(address, "address"));
            }
            return this;
        }

        /**
         * Validates the settings and builds the server (opening its store and CA).
         *
         * @throws ConfigurationException naming the missing or invalid setting
         */
        public AnsServer build() {
            if (domain == null) {
                throw new ConfigurationException("an ANS needs a domain: builder.domain(\"ops.example.net\")");
            }
            if (dataDirectory == null) {
                throw new ConfigurationException("an ANS needs a data directory: builder.dataDirectory(Path.of(\"ans-data\"))");
            }
            if (port < 0 || port > 65535) {
                throw new ConfigurationException("port must be 0-65535, was " + port);
            }
            if (validity.isNegative() || validity.isZero()) {
                throw new ConfigurationException("certificate validity must be positive, was " + validity);
            }
            return new AnsServer(new Config(domain, dataDirectory.toAbsolutePath(), new InetSocketAddress(host, port), Map.copyOf(tokens),
                    adminToken, grantReaderTokens, policy, validity, limits, store, storeProvider, Map.copyOf(storeSettings), ca, signer, semanticResolution, embedder,
                    embedderProvider, reranker, clock, ipAddressSans, contentInspection, inspector, federation(), verification, vocabulary), permissionPolicy);
        }

        private @Nullable Federation federation() {
            if (peers.isEmpty()) {
                return federation;
            }
            Federation base = federation != null ? federation : Federation.builder().build();
            List<Peer> all = new ArrayList<>(base.peers());
            all.addAll(peers);
            return new Federation(all, base.dns(), base.pollInterval(), base.pageSize(), base.includePeersByDefault());
        }
    }
}
