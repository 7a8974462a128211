package dev.acf.demo.live;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.name.Version;
import dev.acf.api.resolve.ResolveFilters;
import dev.acf.demo.agent.AgentDefinition;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ANS names of a scenario's zone: agent {@code root-cause} of zone {@code repair} in domain
 * {@code broadband.example.net} is {@code ans://v1.0.0.root-cause.repair.broadband.example.net}.
 * Resolution is restricted to the zone, so agents with the same id in two scenarios stay apart.
 * In a zone split over two federated domains, the agents named in {@code elsewhere} live in the
 * same zone of their own domain ({@code ans://v1.0.0.alarm-topology.repair.core.example.net}).
 *
 * @param zone the zone label, such as {@code repair}
 * @param domain the ANS's domain
 * @param elsewhere the domain of each agent that lives in another (federated) domain, by agent id
 */
record ZoneNames(String zone, String domain, Map<String, String> elsewhere) {
    /** Copies the map. */
    ZoneNames {
        elsewhere = Map.copyOf(elsewhere);
    }

    /** A zone wholly in one domain. */
    ZoneNames(String zone, String domain) {
        this(zone, domain, Map.of());
    }

    /** Returns the zone's DNS name, such as {@code repair.broadband.example.net}. */
    String zoneDomain() {
        return zone + "." + domain;
    }

    /** Returns the domain an agent (or the desk, or any id of no other domain) lives in. */
    String domainOf(String agentId) {
        return elsewhere.getOrDefault(agentId, domain);
    }

    /** Returns the versioned name an agent registers with. */
    AgentName registeredName(String agentId) {
        return AgentName.of(agentId + "." + zone + "." + domainOf(agentId), Version.parse(AgentDefinition.VERSION));
    }

    /** Returns the version-less name a caller uses: the newest active version answers. */
    AgentName nameOf(String agentId) {
        return AgentName.of(agentId + "." + zone + "." + domainOf(agentId));
    }

    /** Returns the agent id of a name of this zone, else the name's host name. */
    String idOf(AgentName name) {
        String fqdn = name.fqdn();
        int dot = fqdn.indexOf('.');
        if (dot > 0) {
            String id = fqdn.substring(0, dot);
            if (fqdn.substring(dot + 1).equals(zone + "." + domainOf(id))) {
                return id;
            }
        }
        return fqdn;
    }

    /** Returns how a call from one agent to another crosses the gateways: one gateway, or both domains' gateways. */
    String route(String callerId, String calleeId) {
        String from = domainOf(callerId);
        String to = domainOf(calleeId);
        return from.equals(to) ? "gateway" : "gateway." + from + " -> gateway." + to;
    }

    /** Returns the resolution filter that keeps the zone's active agents only, in every domain it spans. */
    ResolveFilters zoneFilter() {
        Set<Domain> domains = new LinkedHashSet<>();
        domains.add(Domain.of(zoneDomain()));
        elsewhere.values().forEach(d -> domains.add(Domain.of(zone + "." + d)));
        return new ResolveFilters(Set.copyOf(domains), Set.of(), Set.of(), null, null, Set.of());
    }
}
