package dev.acf.api.gateway;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import java.util.List;
import java.util.Objects;

/**
 * Where a request goes: the agent it addresses and the endpoints that agent answers on.
 *
 * @param target the agent, with the version resolution chose
 * @param endpoints the agent's endpoints, not empty
 * @param upstreamPath the path to send upstream, after the gateway's own prefix is removed
 */
public record Route(AgentName target, List<Endpoint> endpoints, String upstreamPath) {

    /** Requires a target, at least one endpoint and a path. */
    public Route {
        Objects.requireNonNull(target, "target");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(upstreamPath, "upstreamPath");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a route to " + target + " needs at least one endpoint");
        }
    }
}
