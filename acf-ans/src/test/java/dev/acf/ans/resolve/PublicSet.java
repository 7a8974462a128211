package dev.acf.ans.resolve;

import dev.acf.api.agent.AgentRecord;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The public labelled set in test resources, and one embedder and index over it shared by the tests of a run. */
final class PublicSet {
    private static MiniLmEmbedder embedder;
    private static LuceneAgentIndex index;

    private PublicSet() {}

    static Path agentsFile() {
        return resource("/resolution/agents.json");
    }

    static Path queriesFile() {
        return resource("/resolution/queries.jsonl");
    }

    static List<AgentRecord> agents() {
        return ResolutionEvaluation.readAgents(agentsFile());
    }

    static synchronized MiniLmEmbedder embedder() {
        if (embedder == null) {
            embedder = new MiniLmEmbedder();
        }
        return embedder;
    }

    /** An in-memory index of the 100 public agents, never modified by tests. */
    static synchronized LuceneAgentIndex index() {
        if (index == null) {
            index = LuceneAgentIndex.builder().embedder(embedder()).build();
            index.upsertAll(agents());
        }
        return index;
    }

    private static Path resource(String name) {
        try {
            return Path.of(PublicSet.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
