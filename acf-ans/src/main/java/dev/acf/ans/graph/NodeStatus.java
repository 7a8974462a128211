package dev.acf.ans.graph;

import dev.acf.ans.monitor.Monitor;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's status for the graph: the registry's status of the agent (of its newest version, or
 * active when any version is, for an unversioned name), suspended when the monitor has it
 * suspended, {@code UNKNOWN} for subjects not registered here. Reads the store on each call;
 * thread-safe.
 */
final class NodeStatus {
    private static final Logger LOG = LoggerFactory.getLogger(NodeStatus.class);

    private final RegistryStore store;
    private final Monitor monitor;

    NodeStatus(RegistryStore store, Monitor monitor) {
        this.store = store;
        this.monitor = monitor;
    }

    /** Returns the status a node shows: see {@link GraphNode#status()}. */
    String of(String name, @Nullable AgentName agent) {
        AgentStatus registered = null;
        if (agent != null) {
            try {
                registered = agent.hasVersion() ? store.find(agent).map(s -> s.record().status()).orElse(null) : newest(agent);
            } catch (RuntimeException e) {
                LOG.debug("cannot read the status of {}", name, e);
            }
        }
        if (registered == AgentStatus.PENDING) {
            return "PENDING";
        }
        if (registered == AgentStatus.SUSPENDED) {
            return "SUSPENDED";
        }
        if (registered != null && registered != AgentStatus.ACTIVE) {
            return "REVOKED"; // revoked, expired, deprecated or rejected: no longer callable
        }
        if (monitor.isSuspended(name) || (agent != null && monitor.isSuspended(agent.toString()))) {
            return "SUSPENDED";
        }
        return registered == AgentStatus.ACTIVE ? "ACTIVE" : "UNKNOWN";
    }

    /** The status of an unversioned name: active when a version is, else the newest version's. */
    private @Nullable AgentStatus newest(AgentName agent) {
        List<StoredAgent> versions = store.versions(agent);
        if (versions.isEmpty()) {
            return null;
        }
        for (StoredAgent v : versions) {
            if (v.record().status() == AgentStatus.ACTIVE) {
                return AgentStatus.ACTIVE;
            }
        }
        return versions.getLast().record().status();
    }

    /** The ANS name a subject is, or null for other subjects (token subjects, certificate serials). */
    static @Nullable AgentName nameOf(String subject) {
        if (!subject.startsWith(AgentName.SCHEME + "://")) {
            return null;
        }
        try {
            return AgentName.parse(subject);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The agent's domain: its host name without the agent label. */
    static String domainOf(AgentName name) {
        return name.fqdn().substring(name.fqdn().indexOf('.') + 1);
    }
}
