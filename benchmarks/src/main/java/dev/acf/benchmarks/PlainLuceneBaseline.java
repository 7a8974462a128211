package dev.acf.benchmarks;

import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentSkill;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * The straightforward search that PERF-1 gives for scale ("Lucene 10 BM25 + HNSW + RRF at
 * 100k docs"), on this machine and over the benchmark's own agents and intents: one document
 * per agent (all its text in one field, the standard analyzer, one vector), a plain BM25
 * disjunction of the intent's words (top 10), a k-NN search of its vector (top 10), the two
 * fused by reciprocal rank. No synonyms, typo correction, intent splitting, Chinese glossary or
 * skill-level answers, and the query embeddings are computed before the clock starts. So it
 * measures the speed of Lucene on this machine and data, the yardstick beside which the lexical
 * and hybrid figures of {@link ResolutionLatencyBenchmark} read; the vectors come from the same
 * {@link ClusteredEmbedder} clusters.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     dev.acf.benchmarks.PlainLuceneBaseline [synthetic|catalogues] [agents] [rounds]
 * </pre>
 *
 * The index is built once under {@code benchmarks/target/plain-<agents/1000>k[-catalogues]}.
 */
public final class PlainLuceneBaseline {
    private static final String TEXT = "text";
    private static final String VECTOR = "vector";
    private static final int TOP = 10;

    private PlainLuceneBaseline() {}

    /**
     * Builds the index when missing, then times BM25, k-NN and both fused over the corpus's
     * 200 intents and prints p50/p90/p99 of each.
     *
     * @param args the corpus ({@code synthetic} by default, or {@code catalogues}), the agents
     *     (default 100,000) and the measured rounds (default 10)
     */
    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "synthetic";
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Corpus corpus = switch (kind) {
            case "synthetic" -> new SyntheticAgents(SyntheticIndex.TEMPLATES, 1);
            case "catalogues" -> new CatalogueCopies(Path.of(System.getProperty("acf.bench.catalogues", "acf-ans/src/test/resources/resolution")));
            default -> throw new IllegalArgumentException("corpus is synthetic or catalogues, not " + kind);
        };
        Path dir = Path.of("benchmarks/target/plain-" + agents / 1000 + "k" + (kind.equals("synthetic") ? "" : "-" + kind));
        MiniLmEmbedder model = new MiniLmEmbedder(0).warmUp();
        StandardAnalyzer analyzer = new StandardAnalyzer();
        if (!Files.isDirectory(dir)) {
            build(dir, corpus, agents, model, analyzer);
        }
        List<String> intents = corpus.intents(200);
        List<float[]> vectors = intents.stream().map(model::embed).toList();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            QueryBuilder words = new QueryBuilder(analyzer);
            int n = intents.size() * rounds;
            double[][] times = new double[3][n];
            int at = 0;
            for (int round = -2; round < rounds; round++) { // two rounds warm the JIT up
                for (int q = 0; q < intents.size(); q++) {
                    long t0 = System.nanoTime();
                    Query bm25 = words.createBooleanQuery(TEXT, intents.get(q));
                    TopDocs lexical = bm25 == null ? new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]) : searcher.search(bm25, TOP);
                    long t1 = System.nanoTime();
                    TopDocs knn = searcher.search(new KnnFloatVectorQuery(VECTOR, vectors.get(q), TOP), TOP);
                    long t2 = System.nanoTime();
                    reciprocalRank(lexical, knn);
                    long t3 = System.nanoTime();
                    if (round >= 0) {
                        times[0][at] = (t1 - t0) / 1e6;
                        times[1][at] = (t2 - t1) / 1e6;
                        times[2][at++] = (t3 - t0) / 1e6;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d agents (%s), %d segment(s), %d searches%n", reader.numDocs(), kind, reader.leaves().size(), n);
            String[] names = {"BM25", "k-NN", "BM25 + k-NN + RRF"};
            for (int i = 0; i < 3; i++) {
                Arrays.sort(times[i]);
                System.out.printf(Locale.ROOT, "%-18s p50 %.3f ms  p90 %.3f ms  p99 %.3f ms%n", names[i],
                        times[i][n / 2], times[i][n * 9 / 10], times[i][n * 99 / 100]);
            }
        }
    }

    private static void build(Path dir, Corpus corpus, int agents, MiniLmEmbedder model, StandardAnalyzer analyzer) throws IOException {
        long start = System.nanoTime();
        // One real vector per distinct agent text, clustered copies for the rest, as the benchmark's index does.
        ClusteredEmbedder vectors = ClusteredEmbedder.of(corpus, model);
        Map<String, String> templateByName = new HashMap<>();
        if (corpus instanceof SyntheticAgents synthetic) {
            synthetic.templates().forEach(t -> templateByName.putIfAbsent(t.name(), t.embeddingText()));
        }
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig(analyzer).setRAMBufferSizeMB(512))) {
            for (int i = 0; i < agents; i++) {
                AgentCard card = corpus.agent(i, null).agentCard();
                StringBuilder text = new StringBuilder(card.name()).append(". ").append(card.description());
                for (AgentSkill s : card.skills()) {
                    text.append(' ').append(s.name()).append(". ").append(s.description()).append(' ')
                            .append(String.join(" ", s.tags())).append(' ').append(String.join(" ", s.examples()));
                }
                Document d = new Document();
                d.add(new StringField("id", Integer.toString(i), Field.Store.YES));
                d.add(new TextField(TEXT, text.toString(), Field.Store.NO));
                String first = card.skills().isEmpty() ? card.description() : card.skills().get(0).name();
                d.add(new KnnFloatVectorField(VECTOR, vectors.embedAll(List.of(clusterText(templateByName, card, first))).get(0), VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(d);
                if ((i + 1) % 20_000 == 0) {
                    System.out.printf(Locale.ROOT, "indexed %d agents in %.0f s%n", i + 1, (System.nanoTime() - start) / 1e9);
                }
            }
            writer.forceMerge(1);
        }
        System.out.printf(Locale.ROOT, "built %s in %.0f s%n", dir, (System.nanoTime() - start) / 1e9);
    }

    /** The text whose cluster an agent's vector joins: its first skill's template, or its own description. */
    private static String clusterText(Map<String, String> templateByName, AgentCard card, String firstSkillName) {
        return templateByName.getOrDefault(firstSkillName, card.description());
    }

    private static List<Integer> reciprocalRank(TopDocs a, TopDocs b) {
        Map<Integer, Double> scores = new HashMap<>();
        for (TopDocs list : List.of(a, b)) {
            ScoreDoc[] hits = list.scoreDocs;
            for (int r = 0; r < hits.length; r++) {
                scores.merge(hits[r].doc, 1.0 / (60 + r + 1), Double::sum);
            }
        }
        List<Integer> out = new ArrayList<>(scores.keySet());
        out.sort((x, y) -> Double.compare(scores.get(y), scores.get(x)));
        return out.subList(0, Math.min(5, out.size()));
    }
}
