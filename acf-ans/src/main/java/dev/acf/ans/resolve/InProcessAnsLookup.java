package dev.acf.ans.resolve;

import dev.acf.ans.events.AgentEvents;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.AnsLookup;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link AnsLookup} of a gateway embedded in the same JVM as its ANS: direct calls, no
 * network, events delivered as they are published. Thread-safe.
 */
public final class InProcessAnsLookup implements AnsLookup {
    private final ExactResolver resolver;
    private final AgentEvents events;

    /** Creates a lookup over an ANS's resolver and event stream. */
    public InProcessAnsLookup(ExactResolver resolver, AgentEvents events) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public Optional<AgentRecord> lookup(AgentName name) {
        return resolver.resolve(name);
    }

    @Override
    public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
        return events.subscribe(listener);
    }
}
