package dev.acf.ans.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.resolve.ResolutionEvaluation.LabelledQuery;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the two files of a labelled intent set, in the formats of {@code data/resolution}: an
 * agents file (a JSON array of {@code {id, name, provider, domain, description, tags,
 * skills:[{id, name, description, tags, examples}]}}) and a queries file (JSON lines of
 * {@code {id, query, relevant:[agent ids], kind}}). Each agent becomes an {@link AgentRecord}
 * named {@code ans://v1.0.0.<label>.<domain>}, where the label is the id when it is a valid DNS
 * label (see {@link #label}); its agent-level tags join every skill's tags.
 * {@link ResolutionEvaluation} measures an index loaded from them. Stateless and thread-safe.
 */
public final class EvaluationFiles {
    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    /** The domain of agents whose catalogue entry names none, or no valid one. */
    public static final String DEFAULT_DOMAIN = "agents.example";

    private EvaluationFiles() {}

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
