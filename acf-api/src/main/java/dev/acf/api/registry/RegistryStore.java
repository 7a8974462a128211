package dev.acf.api.registry;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The durable source of truth of an ANS (ANS-REG-3): every version of every agent record,
 * with optimistic concurrency and a change feed that the search index, revocation push,
 * sync and audit follow. The embedded default keeps files under one directory; a JDBC
 * implementation lets several ANS nodes share one database.
 *
 * <p>Contract (checked by the compatibility kit {@code RegistryStoreContractTest} in the
 * {@code acf-api} test-jar, which every implementation extends):
 * <ul>
 *   <li>records are keyed by their versioned {@link AgentName}; each version is a record of its own;</li>
 *   <li>{@link #put} succeeds only when {@code expected} is the current revision
 *       ({@link Revision#NONE} to create) and otherwise throws
 *       {@link dev.acf.api.error.ConflictException}; an acknowledged put is durable;</li>
 *   <li>every successful put appends exactly one {@link Change} whose cursor is greater than
 *       every earlier one; the feed never skips or reorders acknowledged writes;</li>
 *   <li>implementations are thread-safe: concurrent writers never lose an acknowledged write.</li>
 * </ul>
 *
 * <pre>{@code
 * Revision r = store.put(record, Revision.NONE);                  // create
 * StoredAgent current = store.find(record.name()).orElseThrow();
 * store.put(updated, current.revision());                         // update
 * for (Change c : store.changesSince(Cursor.START, 100)) { ... }
 * }</pre>
 */
public interface RegistryStore extends AutoCloseable {

    /**
     * Returns the record of exactly this agent version.
     *
     * @throws IllegalArgumentException when the name has no version (use {@link #versions})
     */
    Optional<StoredAgent> find(AgentName name);

    /** Returns every stored version of the agent (the name's version is ignored), oldest version first. */
    List<StoredAgent> versions(AgentName name);

    /**
     * Creates or updates a record.
     *
     * @param expected the revision the caller read, or {@link Revision#NONE} to create
     * @return the record's new revision
     * @throws dev.acf.api.error.ConflictException when {@code expected} is not the current revision
     */
    Revision put(AgentRecord record, Revision expected);

    /** Returns up to {@code limit} changes after the cursor, oldest first. */
    List<Change> changesSince(Cursor cursor, int limit);

    /** Returns the cursor of the newest change, or {@link Cursor#START} when there is none. */
    Cursor head();

    /** Returns how many agent versions are stored. */
    long count();

    /**
     * Streams the current revision of every stored record, in no particular order (to build an
     * index). Close the stream: it may hold a database cursor.
     */
    Stream<StoredAgent> scan();

    /** Releases files or connections; idempotent. */
    @Override
    void close();
}
