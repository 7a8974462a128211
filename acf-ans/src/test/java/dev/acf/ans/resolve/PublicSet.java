package dev.acf.ans.resolve;

import dev.acf.api.agent.AgentRecord;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The public labelled set in test resources, and one embedder and index over it shared by the
 * tests of a run; also the held-out set ({@code resolution/holdout}: another operator's
 * catalogue and intents written in another style, never used to choose the ranking).
 */
final class PublicSet {
    private static MiniLmEmbedder embedder;
    private static LuceneAgentIndex index;
    private static LuceneAgentIndex holdout;

    private PublicSet() {}

    static Path agentsFile() {
        return resource("/resolution/agents.json");
    }

    static Path queriesFile() {
        return resource("/resolution/queries.jsonl");
    }

    static List<AgentRecord> agents() {
        return EvaluationFiles.readAgents(agentsFile());
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

    static Path holdoutAgentsFile() {
        return resource("/resolution/holdout/agents.json");
    }

    static Path holdoutQueriesFile() {
        return resource("/resolution/holdout/queries.jsonl");
    }

    /** An in-memory index of the held-out catalogue, never modified by tests. */
    static synchronized LuceneAgentIndex holdoutIndex() {
        if (holdout == null) {
            holdout = LuceneAgentIndex.builder().embedder(embedder()).build();
            holdout.upsertAll(EvaluationFiles.readAgents(holdoutAgentsFile()));
        }
        return holdout;
    }

    /** Returns a file of one of the catalogues under {@code resolution/blind} (see its NOTICE). */
    static Path blindFile(String catalogue, String file) {
        return resource("/resolution/blind/" + catalogue + "/" + file);
    }

    private static Path resource(String name) {
        try {
            return Path.of(PublicSet.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
