package dev.acf.benchmarks;

import dev.acf.ans.ca.Pem;
import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.ans.resolve.ExactResolver;
import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.ans.resolve.ResolutionMode;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.Revision;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolution latency over 100,000 synthetic telecom agents (PERF-1), single thread, warm:
 * exact resolution through {@link ExactResolver} over an {@link EmbeddedRegistryStore}, and
 * lexical and hybrid semantic resolution through {@link LuceneAgentIndex}. Sampled, so JMH
 * prints p50/p99.
 *
 * <p>The agents come from {@link SyntheticAgents} (deterministic); their skill vectors are real
 * MiniLM vectors of 2,000 skill templates plus small noise ({@link ClusteredEmbedder}), queries
 * are embedded by the real model; descriptions draw their words from a Zipf vocabulary, with
 * {@code -p vocabulary=flat} from the 70 words of the first benchmarks, or with {@code -p
 * vocabulary=catalogue} from real descriptions (each in a directory of its own, e.g. {@code
 * resolution-100k-flat}). {@code -p corpus=catalogues} replaces the synthetic agents by copies of
 * the labelled catalogues' real agents and the intents by their labelled queries ({@link
 * CatalogueCopies}). The hybrid benchmark rotates over 200 distinct intents (every
 * fifth synthetic one with a typo) with 64-entry query-embedding and answer caches, so every query runs the
 * model and the searches; {@code hybridRepeatedIntent} asks one intent again and again, a cache hit. {@code queryEmbedding} times the
 * query model alone over the same intents: the yardstick that says how fast the machine is. The store and the
 * index are built once and kept under {@code benchmarks/target/resolution-100k} (property
 * {@code acf.bench.dir}); the build time and the index size on disk are logged at setup
 * ({@link SyntheticIndex}, whose {@code main} builds an index alone, e.g. of 1,000,000 agents).
 *
 * <pre>
 * ./mvnw -B -ntp package -pl benchmarks -am -DskipTests &amp;&amp; java -jar benchmarks/target/benchmarks.jar ResolutionLatencyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A minute of warm-up: on two cores the JIT still compiles the search paths (hundreds of C2
// compilations) for 30-40 s, on the cores the search runs on (benchmarks/README.md).
@Warmup(iterations = 6, time = 10)
@Measurement(iterations = 3, time = 10)
@Threads(1)
 // The Vector API lets Lucene score vectors with SIMD instructions: operators pass the same flag.
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms3g", "-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.slf4j.simpleLogger.log.dev.acf.benchmarks=info"})
public class ResolutionLatencyBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(ResolutionLatencyBenchmark.class);
    private static final int INTENTS = 200;
    /** Query embeddings and answers cached: fewer than the intents, so rotating intents miss both caches. */
    private static final int CACHE = 64;

    /** How many agents to register and index. */
    @Param("100000")
    public int agents;

    /**
     * How descriptions draw their words ({@link SyntheticAgents.Vocabulary}): {@code zipf},
     * {@code catalogue} (real descriptions' words), or {@code flat} as first benchmarked.
     */
    @Param("zipf")
    public String vocabulary;

    /**
     * Which agents and intents: {@code synthetic} ({@link SyntheticAgents}, whose descriptions
     * follow {@link #vocabulary}), or {@code catalogues}, copies of the labelled catalogues' real
     * agents with their labelled queries as intents ({@link CatalogueCopies}; the catalogues
     * under {@code acf-ans/src/test/resources/resolution}, property {@code acf.bench.catalogues}).
     */
    @Param("synthetic")
    public String corpus;

    private EmbeddedRegistryStore store;
    private LuceneAgentIndex index;
    private ExactResolver resolver;
    private MiniLmEmbedder model;
    private List<ResolveQuery> queries;
    private final List<AgentName> names = new ArrayList<>();
    private final SearchOptions hybrid = SearchOptions.defaults();
    private final SearchOptions lexical = SearchOptions.defaults().withMode(ResolutionMode.LEXICAL);
    private int next;

    /** Opens (building when missing) the store and the index. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Corpus synthetic = switch (corpus) {
            case "synthetic" -> new SyntheticAgents(SyntheticIndex.TEMPLATES, 1,
                    SyntheticAgents.Vocabulary.valueOf(vocabulary.toUpperCase(java.util.Locale.ROOT)));
            case "catalogues" -> new CatalogueCopies(Path.of(System.getProperty("acf.bench.catalogues", "acf-ans/src/test/resources/resolution")));
            default -> throw new IllegalArgumentException("corpus is synthetic or catalogues, not " + corpus);
        };
        Path dir = Path.of(System.getProperty("acf.bench.dir", "benchmarks/target/resolution-" + agents / 1000 + "k" + synthetic.suffix()));
        Files.createDirectories(dir);
        String certificate = certificate();
        store = EmbeddedRegistryStore.open(dir.resolve("store"));
        if (store.count() < agents) {
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < agents; i++) {
                    int n = i;
                    // Many concurrent writers let the group commit share fsyncs.
                    pool.submit(() -> {
                        if (store.find(synthetic.name(n)).isEmpty()) {
                            store.put(synthetic.agent(n, certificate), Revision.NONE);
                        }
                    });
                }
            }
            LOG.info("registered {} agents in {} s", agents, (System.nanoTime() - start) / 1_000_000_000.0);
        }
        resolver = new ExactResolver(store, Clock.systemUTC());
        model = new MiniLmEmbedder(CACHE).warmUp();
        index = SyntheticIndex.open(dir.resolve("index"), agents, synthetic, model, certificate, CACHE);
        queries = synthetic.intents(INTENTS).stream().map(t -> ResolveQuery.of(t, 5)).toList();
        for (int i = 0; i < 1_000; i++) {
            names.add(synthetic.name((int) ((i * 7919L) % agents)));
        }
    }

    /** Closes the index and the store. */
    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
        store.close();
    }

    /** Resolves a versioned name exactly: store read, status and certificate expiry check. */
    @Benchmark
    public Optional<AgentRecord> exact() {
        return resolver.resolve(names.get(next++ % names.size()));
    }

    /** Resolves an intent lexically (BM25, synonyms, typo correction, intent splitting). */
    @Benchmark
    public List<ResolveResult> lexical() {
        return index.search(queries.get(next++ % queries.size()), lexical);
    }

    /** Resolves an intent by hybrid search, embedding the query (200 intents rotate past the cache). */
    @Benchmark
    public List<ResolveResult> hybrid() {
        return index.search(queries.get(next++ % queries.size()), hybrid);
    }

    /**
     * Embeds an intent with the query model alone (200 intents rotate past its cache): the
     * machine's yardstick, since PERF-1 gives the hybrid targets beside this figure as measured
     * on its own machine (p50 2.6 ms), and the hybrid search cannot take less.
     */
    @Benchmark
    public float[] queryEmbedding() {
        return model.embed(queries.get(next++ % queries.size()).text());
    }

    /** Resolves the same intent by hybrid search each time: the query embedding comes from the cache. */
    @Benchmark
    public List<ResolveResult> hybridRepeatedIntent() {
        return index.search(queries.get(0), hybrid);
    }

    static String certificate() throws Exception {
        var keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        var pair = keys.generateKeyPair();
        X500Name subject = new X500Name("CN=bench.ops.example.net");
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, java.util.Date.from(now.minus(Duration.ofDays(1))),
                java.util.Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        return Pem.certificate(new JcaX509CertificateConverter().getCertificate(holder));
    }
}
