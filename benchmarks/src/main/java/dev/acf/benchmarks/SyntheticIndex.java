package dev.acf.benchmarks;

import dev.acf.ans.resolve.LuceneAgentIndex;
import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.api.agent.AgentRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic index of a benchmark {@link Corpus} for the resolution benchmarks: opened from its
 * directory, or built there in bulk (one writer, batches of records, no refresh or commit until
 * the end) when missing or of another size. Skill vectors are real MiniLM vectors of the skill
 * templates plus noise ({@link ClusteredEmbedder}), so they cluster as real ones do.
 *
 * <p>{@link #main} builds an index alone and prints its build time and size, for sizes too
 * large for a benchmark setup (PERF-5 asks for 1,000,000 agents):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx10g -Dacf.bench.quantized=true -cp benchmarks/target/benchmarks.jar \
 *     dev.acf.benchmarks.SyntheticIndex 1000000 benchmarks/target/index-1m
 * </pre>
 *
 * <p>System properties: {@code acf.bench.quantized} (7-bit quantized vectors, default the index's, true),
 * {@code acf.bench.ramBufferMb} (default 1024), {@code acf.bench.forceMerge} (merge into one
 * segment at the end, default true), {@code acf.bench.lexicalOnly} (no vectors, default false).
 */
final class SyntheticIndex {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticIndex.class);
    static final int TEMPLATES = 2_000;
    private static final int BATCH = 2_000;
    /** Bulk builds buffer this much before writing a segment: few segments, few merges. */
    private static final double RAM_BUFFER_MB = Double.parseDouble(System.getProperty("acf.bench.ramBufferMb", "1024"));
    private static final boolean QUANTIZED = Boolean.parseBoolean(System.getProperty("acf.bench.quantized", String.valueOf(LuceneAgentIndex.DEFAULT_QUANTIZED_VECTORS)));
    private static final boolean FORCE_MERGE = Boolean.parseBoolean(System.getProperty("acf.bench.forceMerge", "true"));
    /** Builds the lexical fields only (no vectors, no graph): separates the cost of the two. */
    private static final boolean LEXICAL_ONLY = Boolean.getBoolean("acf.bench.lexicalOnly");
    /** The memory for word summaries ({@code -Dacf.bench.wordSummaryBytes}; 0 compares with plain Lucene searches). */
    static final long WORD_SUMMARY_BYTES = Long.getLong("acf.bench.wordSummaryBytes", LuceneAgentIndex.DEFAULT_WORD_SUMMARY_BYTES);

    private SyntheticIndex() {}

    /**
     * Builds an index of {@code args[0]} synthetic agents in the empty or missing directory
     * {@code args[1]} (descriptions of the vocabulary {@code args[2]}, default zipf), and prints
     * the build time and the size on disk.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: SyntheticIndex <agents> <empty index directory> [zipf|flat|catalogue]");
            System.exit(2);
        }
        int agents = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    System.err.println(dir + " is not empty");
                    System.exit(2);
                }
            }
        }
        SyntheticAgents synthetic = new SyntheticAgents(TEMPLATES, 1,
                args.length == 3 ? SyntheticAgents.Vocabulary.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)) : SyntheticAgents.Vocabulary.ZIPF);
        MiniLmEmbedder model = new MiniLmEmbedder(0).warmUp();
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        try (LuceneAgentIndex index = open(dir, agents, synthetic, model, ResolutionLatencyBenchmark.certificate(), 0)) {
            long heap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(java.util.Locale.ROOT, "index of %d agents (%s, %.0f MB buffer): built and opened in %.1f s, %.1f s of CPU "
                    + "(templates embedded included), %.1f MiB on disk, %d segments, heap peak %.1f GiB (sum of pool peaks)%n",
                    index.size(), LEXICAL_ONLY ? "no vectors" : QUANTIZED ? "7-bit vectors" : "float vectors", RAM_BUFFER_MB, (System.nanoTime() - start) / 1e9,
                    (processCpuNanos() - cpu) / 1e9, sizeOnDisk(dir) / (1024.0 * 1024.0), index.segments(), heap / (1024.0 * 1024 * 1024));
        }
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /**
     * Opens the index in {@code dir}, building it first unless it holds exactly {@code agents}
     * agents; a build ends merged into one segment (unless {@code acf.bench.forceMerge=false}).
     */
    static LuceneAgentIndex open(Path dir, int agents, Corpus synthetic, MiniLmEmbedder model, String certificate,
            int answerCacheSize) throws IOException {
        LuceneAgentIndex index = builder(dir, synthetic, model, answerCacheSize).build();
        if (index.size() != agents) {
            index.clear();
            long start = System.nanoTime();
            List<AgentRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < agents; i++) {
                batch.add(synthetic.agent(i, certificate));
                if (batch.size() == BATCH || i == agents - 1) {
                    index.upsertAll(batch);
                    batch.clear();
                }
                if ((i + 1) % 100_000 == 0) {
                    LOG.info("indexed {} agents in {} s", i + 1, (System.nanoTime() - start) / 1_000_000_000.0);
                }
            }
            LOG.info("indexed {} agents in {} s, {} segments", agents, (System.nanoTime() - start) / 1_000_000_000.0, index.segments());
            if (FORCE_MERGE) {
                index.forceMerge();
                LOG.info("merged into one segment after {} s", (System.nanoTime() - start) / 1_000_000_000.0);
            }
            // Closing commits and waits for the merges the build started, so none runs during measurement.
            index.close();
            LOG.info("built the index of {} agents in {} s", agents, (System.nanoTime() - start) / 1_000_000_000.0);
            index = builder(dir, synthetic, model, answerCacheSize).build();
        }
        LOG.info("index: {} agents, {} MiB on disk", index.size(), sizeOnDisk(dir) / (1024.0 * 1024.0));
        return index;
    }

    private static LuceneAgentIndex.Builder builder(Path dir, Corpus synthetic, MiniLmEmbedder model, int answerCacheSize) {
        LuceneAgentIndex.Builder b = LuceneAgentIndex.builder().directory(dir).ramBufferMb(RAM_BUFFER_MB).quantizedVectors(QUANTIZED)
                .answerCacheSize(answerCacheSize).wordSummaryBytes(WORD_SUMMARY_BYTES);
        return LEXICAL_ONLY ? b.lexicalOnly() : b.embedder(new LazyTemplates(model, synthetic));
    }

    static long sizeOnDisk(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** Embeds the templates with the real model only when the index has to be built. */
    private static final class LazyTemplates extends QueryModelEmbedder {
        private final Corpus synthetic;
        private ClusteredEmbedder clustered;

        LazyTemplates(MiniLmEmbedder model, Corpus synthetic) {
            super(model);
            this.synthetic = synthetic;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            if (clustered == null) {
                long start = System.nanoTime();
                clustered = ClusteredEmbedder.of(synthetic, model);
                int templateCount = synthetic.templateTexts().size();
                if (templateCount == 0) {
                    LOG.info("no templates: each distinct text is embedded by the model when first indexed");
                } else {
                    LOG.info("embedded {} skill templates in {} s", templateCount, (System.nanoTime() - start) / 1_000_000_000.0);
                }
            }
            return clustered.embedAll(texts);
        }
    }
}
