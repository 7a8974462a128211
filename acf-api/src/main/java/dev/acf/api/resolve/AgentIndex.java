package dev.acf.api.resolve;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import java.util.List;

/**
 * The search index behind semantic resolution (ANS-RES-2, ANS-RES-3): derived from the
 * registry store (never the source of truth), kept current from its change feed, and
 * rebuilt from it when missing. The embedded default is a Lucene index with lexical (BM25)
 * and vector retrieval fused.
 *
 * <p>Thread-safe: searches run concurrently with updates and see a consistent snapshot.
 *
 * <pre>{@code
 * index.upsert(record);
 * List<ResolveResult> found = index.search(ResolveQuery.of("unstable broadband at home", 5));
 * }</pre>
 */
public interface AgentIndex extends AutoCloseable {

    /** Adds a record, or replaces the one with the same versioned name. */
    void upsert(AgentRecord record);

    /** Removes a record; removing an absent one does nothing. */
    void remove(AgentName name);

    /** Returns the agents that match the intent, best first, at most {@code query.limit()}. */
    List<ResolveResult> search(ResolveQuery query);

    /** Returns how many records are indexed. */
    long size();

    /** Releases files and readers; idempotent. */
    @Override
    void close();
}
