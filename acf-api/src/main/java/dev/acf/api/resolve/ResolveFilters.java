package dev.acf.api.resolve;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.name.Domain;
import dev.acf.api.name.Version;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Restrictions on which agents a resolution may return (ANS-RES-2). An empty set means "no
 * restriction" for that field, except {@code statuses}, which defaults to {@code ACTIVE}.
 *
 * @param domains domains the agent must lie in
 * @param transports A2A transports one of its endpoints must speak, such as {@code JSONRPC}
 * @param capabilities skill ids or tags it must declare (any of them)
 * @param minVersion the lowest version accepted, inclusive
 * @param maxVersion the highest version accepted, exclusive
 * @param statuses accepted statuses
 * @param verifiedOnly whether only agents matching through a skill ANS verified qualify (ANS-MON-3)
 */
public record ResolveFilters(Set<Domain> domains, Set<String> transports, Set<String> capabilities,
        @Nullable Version minVersion, @Nullable Version maxVersion, Set<AgentStatus> statuses, boolean verifiedOnly) {
    private static final ResolveFilters NONE =
            new ResolveFilters(Set.of(), Set.of(), Set.of(), null, null, Set.of(AgentStatus.ACTIVE));

    /** Creates filters that do not require verified skills. */
    public ResolveFilters(Set<Domain> domains, Set<String> transports, Set<String> capabilities,
            @Nullable Version minVersion, @Nullable Version maxVersion, Set<AgentStatus> statuses) {
        this(domains, transports, capabilities, minVersion, maxVersion, statuses, false);
    }

    /** Returns a copy that keeps only agents with a verified matching skill (or not). */
    public ResolveFilters withVerifiedOnly(boolean value) {
        return new ResolveFilters(domains, transports, capabilities, minVersion, maxVersion, statuses, value);
    }

    /** Copies the sets; an empty status set means {@code ACTIVE} only. */
    public ResolveFilters {
        domains = Set.copyOf(domains);
        transports = Set.copyOf(transports);
        capabilities = Set.copyOf(capabilities);
        statuses = statuses.isEmpty() ? Set.of(AgentStatus.ACTIVE) : Set.copyOf(statuses);
        if (minVersion != null && maxVersion != null && minVersion.compareTo(maxVersion) >= 0) {
            throw new dev.acf.api.error.ValidationException("minVersion " + minVersion + " must be below maxVersion " + maxVersion);
        }
    }

    /** Returns the default: active agents, anywhere. */
    public static ResolveFilters none() {
        return NONE;
    }

    /** Returns true when the record passes every filter but {@code verifiedOnly}, which only the index can tell. */
    public boolean accepts(AgentRecord record) {
        if (!statuses.contains(record.status())) {
            return false;
        }
        if (!domains.isEmpty() && domains.stream().noneMatch(d -> d.contains(record.name()))) {
            return false;
        }
        if (!transports.isEmpty() && record.endpoints().stream().noneMatch(e -> transports.contains(e.transport()))) {
            return false;
        }
        if (!capabilities.isEmpty() && record.capabilities().stream()
                .noneMatch(c -> capabilities.contains(c.id()) || c.tags().stream().anyMatch(capabilities::contains))) {
            return false;
        }
        Version v = record.version();
        return (minVersion == null || v.compareTo(minVersion) >= 0) && (maxVersion == null || v.compareTo(maxVersion) < 0);
    }
}
