package dev.acf.ans.graph;

import dev.acf.api.name.AgentName;
import java.util.Optional;

/**
 * Where the graph's nodes get their capability verification summary (ANS-MON-3): the object
 * returned is written as the node's {@code trust} JSON. The default, {@link #NONE}, knows none,
 * and nodes carry no {@code trust}. Called on request threads: fast, thread-safe, no blocking I/O.
 */
@FunctionalInterface
public interface TrustSource {
    /** Knows no summary. */
    TrustSource NONE = agent -> Optional.empty();

    /** Returns the agent's trust summary, if it was verified. */
    Optional<?> summary(AgentName agent);
}
