package dev.acf.demo.live;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.name.Version;
import dev.acf.api.resolve.ResolveFilters;
import dev.acf.demo.agent.AgentDefinition;
import java.util.Set;

/**
 * The ANS names of a scenario's zone: agent {@code root-cause} of zone {@code repair} in domain
 * {@code broadband.example.net} is {@code ans://v1.0.0.root-cause.repair.broadband.example.net}.
 * Resolution is restricted to the zone, so agents with the same id in two scenarios stay apart.
 *
 * @param zone the zone label, such as {@code repair}
 * @param domain the ANS's domain
 */
record ZoneNames(String zone, String domain) {
    /** Returns the zone's DNS name, such as {@code repair.broadband.example.net}. */
    String zoneDomain() {
        return zone + "." + domain;
    }

    /** Returns the versioned name an agent registers with. */
    AgentName registeredName(String agentId) {
        return AgentName.of(agentId + "." + zoneDomain(), Version.parse(AgentDefinition.VERSION));
    }

    /** Returns the version-less name a caller uses: the newest active version answers. */
    AgentName nameOf(String agentId) {
        return AgentName.of(agentId + "." + zoneDomain());
    }

    /** Returns the agent id of a name of this zone, else the name's host name. */
    String idOf(AgentName name) {
        String suffix = "." + zoneDomain();
        String fqdn = name.fqdn();
        return fqdn.endsWith(suffix) && fqdn.indexOf('.') == fqdn.length() - suffix.length() ? fqdn.substring(0, fqdn.indexOf('.')) : fqdn;
    }

    /** Returns the resolution filter that keeps the zone's active agents only. */
    ResolveFilters zoneFilter() {
        return new ResolveFilters(Set.of(Domain.of(zoneDomain())), Set.of(), Set.of(), null, null, Set.of());
    }
}
