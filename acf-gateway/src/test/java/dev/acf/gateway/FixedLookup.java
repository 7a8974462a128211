package dev.acf.gateway;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.AnsLookup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An in-memory AnsLookup over a fixed set of records, for tests that need no ANS server. */
final class FixedLookup implements AnsLookup {
    private final Map<String, AgentRecord> byFqdn = new ConcurrentHashMap<>();
    private final List<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();

    FixedLookup(AgentRecord... records) {
        for (AgentRecord r : records) {
            byFqdn.put(r.name().fqdn(), r);
        }
    }

    @Override
    public Optional<AgentRecord> lookup(AgentName name) {
        AgentRecord r = byFqdn.get(name.fqdn());
        return r != null && (name.version() == null || name.equals(r.name())) ? Optional.of(r) : Optional.empty();
    }

    @Override
    public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
