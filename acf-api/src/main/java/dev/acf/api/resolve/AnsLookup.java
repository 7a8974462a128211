package dev.acf.api.resolve;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a gateway or client reaches ANS: exact resolution (ANS-RES-1) and a stream of agent
 * events. Implemented in-process by {@code acf-ans} when both roles share a JVM, and over
 * HTTP, with signature verification, by {@code acf-client}.
 *
 * <p>Thread-safe. {@link #lookup} may block on the network: callers cache its answers and
 * never call it on an event loop.
 *
 * <pre>{@code
 * Optional<AgentRecord> rca = lookup.lookup(AgentName.parse("ans://rca.broadband.ops.example.net"));
 * AutoCloseable watch = lookup.subscribe(event -> cache.invalidate(event.agent().name()));
 * }</pre>
 */
public interface AnsLookup extends AutoCloseable {

    /**
     * Resolves a name: a versioned name to that version, a version-less one to the newest
     * resolvable version. Only resolvable (active) agents are returned.
     */
    Optional<AgentRecord> lookup(AgentName name);

    /**
     * Calls the listener for every agent event from now on, until the returned handle is
     * closed. The listener runs on a notification thread and must return quickly.
     */
    AutoCloseable subscribe(Consumer<AgentEvent> listener);

    /** Releases connections; idempotent. */
    @Override
    default void close() {}
}
