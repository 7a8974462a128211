package dev.acf.api.registry;

import dev.acf.api.agent.AgentRecord;
import java.util.Objects;

/**
 * A record as a {@link RegistryStore} holds it, with the revision to name when updating it.
 *
 * @param record the agent record
 * @param revision its current revision
 */
public record StoredAgent(AgentRecord record, Revision revision) {
    /** Requires both. */
    public StoredAgent {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(revision, "revision");
    }
}
