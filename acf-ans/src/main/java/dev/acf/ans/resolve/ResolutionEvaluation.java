package dev.acf.ans.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentProvider;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.name.Version;
import dev.acf.api.resolve.Reranker;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Measures resolution quality on a labelled intent set (PERF-2): recall@1/3/5, mean
 * reciprocal rank and latency percentiles. Reads the two files of {@code data/resolution}:
 * an agents file (a JSON array of {@code {id, name, provider, domain, description, tags,
 * skills:[{id, name, description, tags, examples}]}}) and a queries file (JSON lines of
 * {@code {id, query, relevant:[agent ids], kind}}). Each agent becomes an {@link AgentRecord}
 * named {@code ans://v1.0.0.<label>.<domain>}, where the label is the id when it is a valid DNS
 * label (see {@link #label}); its agent-level tags join every skill's tags.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * try (LuceneAgentIndex index = LuceneAgentIndex.builder().build()) {
 *     index.upsertAll(ResolutionEvaluation.readAgents(agentsFile));
 *     Report r = ResolutionEvaluation.run(index, ResolutionEvaluation.readQueries(queriesFile), SearchOptions.defaults(), msg -> {});
 *     String summary = r.toJson();   // {"queries":..,"recall@3":..,"mrr":..}
 * }
 * }</pre>
 */
public final class ResolutionEvaluation {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    /** The domain of agents whose catalogue entry names none, or no valid one. */
    public static final String DEFAULT_DOMAIN = "agents.example";

    private ResolutionEvaluation() {}

    /** One labelled intent: its id, text, relevant agent ids and kind (single, multi, typo...). */
    public record LabelledQuery(String id, String text, Set<String> relevant, String kind) {
        /** Copies the set. */
        public LabelledQuery {
            relevant = Set.copyOf(relevant);
        }
    }

    /**
     * What one query returned.
     *
     * @param query the labelled query
     * @param ranked the agent ids returned, best first
     * @param millis how long the search took
     */
    public record Outcome(LabelledQuery query, List<String> ranked, double millis) {
        /** Copies the list. */
        public Outcome {
            ranked = List.copyOf(ranked);
        }

        /** Returns the 1-based rank of the first relevant agent, 0 when none was returned. */
        public int firstRelevantRank() {
            for (int rank = 0; rank < ranked.size(); rank++) {
                if (query.relevant().contains(ranked.get(rank))) {
                    return rank + 1;
                }
            }
            return 0;
        }

        /** Tells whether some relevant agent is missing from the first {@code k}. */
        public boolean missesAnyIn(int k) {
            return recall(ranked, query.relevant(), k) < 1.0;
        }
    }

    /**
     * The figures of one evaluation.
     *
     * @param queries how many queries ran
     * @param recallAt1 share of relevant agents in the top 1, averaged over queries
     * @param recallAt3 the same in the top 3
     * @param recallAt5 the same in the top 5
     * @param mrr mean of 1/rank of the first relevant agent (0 when none is returned)
     * @param p50Ms median search latency in milliseconds
     * @param p99Ms 99th percentile search latency in milliseconds
     * @param outcomes what each query returned, in the order of the queries
     */
    public record Report(int queries, double recallAt1, double recallAt3, double recallAt5, double mrr, double p50Ms, double p99Ms,
            List<Outcome> outcomes) {
        /** Copies the list. */
        public Report {
            outcomes = List.copyOf(outcomes);
        }

        /** Returns the figures of these outcomes, the latencies those of their searches. */
        public static Report of(List<Outcome> outcomes) {
            return of(outcomes, outcomes.stream().mapToDouble(Outcome::millis).toArray());
        }

        /** Returns the figures of these outcomes, the latencies taken from {@code searchMillis} (more searches of the same queries). */
        public static Report of(List<Outcome> outcomes, double[] searchMillis) {
            double r1 = 0;
            double r3 = 0;
            double r5 = 0;
            double mrr = 0;
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome o = outcomes.get(i);
                r1 += recall(o.ranked(), o.query().relevant(), 1);
                r3 += recall(o.ranked(), o.query().relevant(), 3);
                r5 += recall(o.ranked(), o.query().relevant(), 5);
                int rank = o.firstRelevantRank();
                mrr += rank == 0 ? 0 : 1.0 / rank;
            }
            int n = Math.max(1, outcomes.size());
            double[] millis = searchMillis.clone();
            Arrays.sort(millis);
            return new Report(outcomes.size(), r1 / n, r3 / n, r5 / n, mrr / n, percentile(millis, 0.50), percentile(millis, 0.99),
                    outcomes);
        }

        /** Returns the figures of each kind of query (single, multi, typo...), by kind in alphabetical order. */
        public Map<String, Report> byKind() {
            Map<String, List<Outcome>> kinds = new TreeMap<>();
            outcomes.forEach(o -> kinds.computeIfAbsent(o.query().kind().isEmpty() ? "-" : o.query().kind(), k -> new ArrayList<>()).add(o));
            Map<String, Report> out = new LinkedHashMap<>();
            kinds.forEach((kind, list) -> out.put(kind, of(list)));
            return out;
        }

        /** Returns the figures as one JSON object on one line. */
        public String toJson() {
            return String.format(Locale.ROOT,
                    "{\"queries\":%d,\"recall@1\":%.4f,\"recall@3\":%.4f,\"recall@5\":%.4f,\"mrr\":%.4f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}",
                    queries, recallAt1, recallAt3, recallAt5, mrr, p50Ms, p99Ms);
        }
    }

    /** Reads an agents file into active records. */
    public static List<AgentRecord> readAgents(Path file) {
        JsonNode root = AcfJson.readTree(read(file));
        if (root.isObject() && root.path("agents").isArray()) {
            root = root.get("agents"); // {"agents": [...]}, as some catalogues wrap their list
        }
        if (!root.isArray()) {
            throw new ValidationException(file + " must hold a JSON array of agents (or an object whose \"agents\" is one)");
        }
        List<AgentRecord> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode a : root) {
            AgentRecord r = toRecord(a);
            if (!ids.add(r.name().agentLabel())) {
                // Answers are matched to labels by id, so two agents with one id cannot be told apart.
                throw new ValidationException(file + " has two agents with the id '" + r.name().agentLabel() + "'");
            }
            out.add(r);
        }
        return out;
    }

    /**
     * Converts one entry of an agents file into an active record. Only {@code id} is required:
     * a missing or invalid {@code domain} becomes {@value #DEFAULT_DOMAIN}, a missing agent name
     * the id, a skill without id {@code skill-N} and a skill without name its id, so a catalogue
     * written elsewhere loads as it is.
     */
    public static AgentRecord toRecord(JsonNode agent) {
        String id = required(agent, "id");
        Domain domain = domain(agent.path("domain").asText(""));
        AgentName name = AgentName.of(label(id) + "." + domain.name(), Version.of(1, 0, 0));
        String url = "https://" + name.fqdn() + "/a2a";
        Set<String> agentTags = strings(agent.path("tags"));
        List<AgentSkill> skills = new ArrayList<>();
        for (JsonNode s : agent.path("skills")) {
            Set<String> tags = new LinkedHashSet<>(strings(s.path("tags")));
            tags.addAll(agentTags);
            String skillId = text(s, "id", "skill-" + (skills.size() + 1));
            skills.add(AgentSkill.builder(skillId, text(s, "name", skillId), s.path("description").asText(""))
                    .tags(List.copyOf(tags))
                    .examples(List.copyOf(strings(s.path("examples"))))
                    .build());
        }
        String provider = agent.path("provider").asText("");
        AgentCard card = AgentCard.builder(text(agent, "name", id), agent.path("description").asText(""), "1.0.0")
                .supportedInterfaces(List.of(new AgentInterface(url, AgentInterface.JSONRPC, null, "1.0")))
                .provider(provider.isEmpty() ? null : new AgentProvider(provider, "https://" + domain.name()))
                .capabilities(AgentCapabilities.none())
                .skills(skills)
                .build();
        return AgentRecord.builder().name(name).domain(domain).agentCard(card)
                .endpoints(List.of(Endpoint.of(url, Endpoint.JSONRPC))).registeredAt(REGISTERED).build();
    }

    /**
     * Returns the DNS label that names the agent of a catalogue id: the id itself when it is a
     * valid label ({@code home-broadband}), else its letters and digits in lower case followed by
     * a hash of the whole id ({@code Billing_Agent} becomes {@code billing-agent-<8 hex>}), so
     * any id (spaces, capitals, dots, Chinese, 100 characters) names an agent and distinct ids
     * stay distinct. Labels of relevant agents in a queries file are derived the same way.
     */
    public static String label(String id) {
        try {
            // The name rules decide: a label they keep as it is (lower case, no version look) is the id itself.
            if (AgentName.of(id + "." + DEFAULT_DOMAIN, Version.of(1, 0, 0)).agentLabel().equals(id)) {
                return id;
            }
        } catch (AcfException e) {
            // not a label: derived below
        }
        String slug = Normalizer.normalize(id.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "").replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return (slug.isEmpty() ? "agent" : slug) + "-" + HexFormat.of().formatHex(digest, 0, 4);
    }

    private static Domain domain(String text) {
        if (!text.isBlank()) {
            try {
                return Domain.of(text.trim());
            } catch (AcfException e) {
                // Not a host name ("Customer Care"): the domain only scopes filters, which an evaluation does not use.
            }
        }
        return Domain.of(DEFAULT_DOMAIN);
    }

    /**
     * Reads a queries file: JSON lines (blank lines ignored), or one JSON array of the same
     * objects. The ids of relevant agents become their labels ({@link #label}).
     */
    public static List<LabelledQuery> readQueries(Path file) {
        List<LabelledQuery> out = new ArrayList<>();
        String text = new String(read(file), StandardCharsets.UTF_8);
        if (text.strip().startsWith("[")) {
            JsonNode all = AcfJson.readTree(text.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < all.size(); i++) {
                try {
                    out.add(query(all.get(i)));
                } catch (AcfException e) {
                    throw new ValidationException(file + ", query " + (i + 1) + ": " + e.getMessage());
                }
            }
            return out;
        }
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(query(AcfJson.readTree(lines[i].getBytes(StandardCharsets.UTF_8))));
            } catch (AcfException e) {
                throw new ValidationException(file + ", line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static LabelledQuery query(JsonNode q) {
        Set<String> labels = new LinkedHashSet<>();
        strings(q.path("relevant")).forEach(id -> labels.add(label(id)));
        return new LabelledQuery(required(q, "id"), required(q, "query"), labels, q.path("kind").asText(""));
    }

    /**
     * Returns what is wrong with the labels of these queries against this catalogue, one
     * sentence each: a query with no relevant agent, or naming an agent the catalogue lacks
     * (such a query can never reach full recall, so its figures would mislead).
     */
    public static List<String> labelProblems(List<AgentRecord> agents, List<LabelledQuery> queries) {
        Set<String> ids = new HashSet<>();
        agents.forEach(a -> ids.add(a.name().agentLabel()));
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LabelledQuery q : queries) {
            if (!seen.add(q.id())) {
                problems.add("query " + q.id() + " appears more than once");
            }
            if (q.relevant().isEmpty()) {
                problems.add("query " + q.id() + " names no relevant agent");
            }
            q.relevant().stream().filter(id -> !ids.contains(id)).sorted()
                    .forEach(id -> problems.add("query " + q.id() + " names the agent '" + id + "', which the catalogue lacks"));
        }
        return problems;
    }

    /**
     * Runs every query (after a short warm-up with other texts) and returns the figures.
     *
     * @param progress receives a line now and then, for long runs
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress) {
        return run(index, queries, options, progress, 10);
    }

    /**
     * Runs every query asking for {@code max(limit, 10)} agents, so recall@5 and MRR are
     * comparable across limits.
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit) {
        return run(index, queries, options, progress, limit, Duration.ZERO);
    }

    /**
     * Runs every query asking for {@code max(limit, 10)} agents, after unmeasured passes over
     * the same queries for at least {@code warmUp} (whole passes; none when zero), so the
     * latencies are those of a warm process, as PERF-1 measures them; after a warm-up the
     * latencies come from at least {@value SearchPasses#TIMED_SEARCHES} searches (the queries timed again,
     * at most {@value SearchPasses#MAX_TIMED_PASSES} passes; one pass with a reranker). Give the index no answer
     * cache and an embedder without a query cache, or the measured pass times the caches. The
     * figures of quality do not depend on the warm-up.
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit, Duration warmUp) {
        return run(index, queries, options, progress, limit, warmUp, null);
    }

    /**
     * Runs every query as {@link #run(LuceneAgentIndex, List, SearchOptions, Consumer, int, Duration)} does and,
     * with a reranker, reorders each answer as an ANS with that reranker would ({@link Reranking}), so its
     * effect on the figures is measured before an ANS uses it. The warm-up passes do not call the
     * reranker; the measured latencies include it.
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit, Duration warmUp, @Nullable Reranker reranker) {
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warmUp must not be negative, was " + warmUp);
        }
        return run(index, queries, options, progress, limit, WarmUp.fixed(warmUp), reranker);
    }

    /**
     * Runs every query as {@link #run(LuceneAgentIndex, List, SearchOptions, Consumer, int, Duration, Reranker)}
     * does, after the given warm-up ({@link WarmUp#untilCompiled()} is what {@code eval-resolution} uses).
     */
    public static Report run(LuceneAgentIndex index, List<LabelledQuery> queries, SearchOptions options, Consumer<String> progress,
            int limit, WarmUp warmUp, @Nullable Reranker reranker) {
        int asked = Math.min(ResolveQuery.MAX_LIMIT, Math.max(limit, 10));
        for (String warm : List.of("network problem", "customer billing question", "radio cell performance", "install a service")) {
            index.search(ResolveQuery.of(warm, 5), options);
        }
        if (!queries.isEmpty()) {
            if (!warmUp.limit().isZero()) {
                progress.accept("warming up " + warmUp + "...");
            }
            String warmed = warmUp.run(() -> SearchPasses.run(index, queries, options, asked, null, 0));
            if (warmed != null) {
                progress.accept(warmed);
            }
        }
        List<Outcome> outcomes = new ArrayList<>(queries.size());
        int rerankFailures = 0;
        for (int i = 0; i < queries.size(); i++) {
            LabelledQuery q = queries.get(i);
            long start = System.nanoTime();
            List<ResolveResult> found;
            try {
                ResolveQuery query = ResolveQuery.of(q.text(), asked);
                if (reranker == null) {
                    found = index.search(query, options);
                } else {
                    List<ResolveResult> wide = index.search(Reranking.widened(query), options);
                    Optional<List<ResolveResult>> reordered = Reranking.attempt(reranker, query, wide);
                    rerankFailures += reordered.isEmpty() ? 1 : 0;
                    found = reordered.orElseGet(() -> Reranking.retrievalOrder(query, wide));
                }
            } catch (ValidationException e) {
                // An ANS would refuse it too (too long, say): it counts as answered with nothing.
                progress.accept("warning: query " + q.id() + " was refused: " + e.getMessage());
                found = List.of();
            }
            double millis = (System.nanoTime() - start) / 1e6;
            outcomes.add(new Outcome(q, found.stream().map(r -> r.name().agentLabel()).toList(), millis));
            if ((i + 1) % 20 == 0 || i + 1 == queries.size()) {
                progress.accept("evaluated " + (i + 1) + "/" + queries.size() + " queries");
            }
        }
        if (rerankFailures > 0) {
            progress.accept("warning: the reranker failed on " + rerankFailures + " of " + queries.size()
                    + " queries (see the log); their retrieval order stood");
        }
        double[] millis = outcomes.stream().mapToDouble(Outcome::millis).toArray();
        int passes = SearchPasses.timedPasses(queries.size());
        if (reranker == null && !warmUp.limit().isZero() && passes > 1) {
            millis = SearchPasses.timed(index, queries, options, asked, passes, millis);
            progress.accept("timed " + millis.length + " searches (" + passes + " passes) for the latencies");
        }
        return Report.of(outcomes, millis);
    }

    /** Returns the share of the relevant ids among the first {@code k}. */
    public static double recall(List<String> ranked, Set<String> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        long hits = ranked.stream().limit(k).filter(relevant::contains).count();
        return (double) hits / relevant.size();
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int at = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    /** Returns the texts of an array, or the one text of a single value ("tags": "billing"). */
    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array.isValueNode() && !array.isNull() && !array.asText().isBlank()) {
            out.add(array.asText());
        }
        array.forEach(n -> {
            if (n.isValueNode() && !n.isNull() && !n.asText().isBlank()) {
                out.add(n.asText());
            }
        });
        return out;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || !v.isValueNode() || v.asText().isBlank() ? fallback : v.asText();
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ValidationException("entry " + node + " lacks the text field '" + field + "'");
        }
        return v.asText();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
