package dev.acf.gateway.proxy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.Route;
import dev.acf.api.gateway.RouteResolver;
import dev.acf.api.name.AgentName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link RouteResolver} (GW-PROXY-1): the ANS name in the path,
 * {@code /agents/{url-encoded ANS name}{rest}}, resolved through the {@link AgentResolver}'s
 * cache; the route carries the agent's JSON-RPC endpoints (every endpoint when it declares
 * none), for the load balancer to choose among, and {@code rest} as the upstream path. A
 * miss asks ANS on the calling virtual thread. Thread-safe.
 *
 * <pre>{@code
 * RouteResolver routes = new AnsPathRouteResolver(agents, name -> true);
 * Optional<Route> route = routes.resolve(exchange);   // POST /agents/ans%3A%2F%2Frca.ops.example.net
 * }</pre>
 */
public final class AnsPathRouteResolver implements RouteResolver {
    private final AgentResolver agents;
    private final Predicate<AgentName> routable;

    /**
     * @param routable which names may be routed (the exposed agents); others resolve to nothing
     */
    public AnsPathRouteResolver(AgentResolver agents, Predicate<AgentName> routable) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.routable = Objects.requireNonNull(routable, "routable");
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.acf.api.error.InvalidNameException when the path names no valid ANS name (400)
     */
    @Override
    public Optional<Route> resolve(Exchange exchange) {
        Optional<AgentPath> path = AgentPath.parse(exchange.request().path());
        if (path.isEmpty() || !routable.test(path.get().name())) {
            return Optional.empty();
        }
        return agents.resolve(path.get().name()).map(record -> route(record, path.get().rest()));
    }

    /**
     * Returns what {@link #resolve} returns when it needs no ANS query (the name's answer is
     * cached), else {@code null}; never blocks.
     *
     * @throws dev.acf.api.error.InvalidNameException when the path names no valid ANS name (400)
     */
    public @Nullable Optional<Route> resolveNow(Exchange exchange) {
        Optional<AgentPath> path = AgentPath.parse(exchange.request().path());
        if (path.isEmpty() || !routable.test(path.get().name())) {
            return Optional.empty();
        }
        Optional<AgentRecord> record = agents.cached(path.get().name());
        return record == null ? null : record.map(r -> route(r, path.get().rest()));
    }

    /** Returns the route to an agent's JSON-RPC endpoints (all of them when none speaks JSON-RPC). */
    public static Route route(AgentRecord record, String upstreamPath) {
        List<Endpoint> all = record.endpoints();
        int speaking = 0;
        for (Endpoint e : all) {
            if (e.transport().equals(Endpoint.JSONRPC)) {
                speaking++;
            }
        }
        // The common records (every endpoint JSON-RPC, or none) route to all of them without a filtered copy.
        if (speaking == 0 || speaking == all.size()) {
            return new Route(record.name(), all, upstreamPath);
        }
        List<Endpoint> jsonRpc = all.stream().filter(e -> e.transport().equals(Endpoint.JSONRPC)).toList();
        return new Route(record.name(), jsonRpc, upstreamPath);
    }
}
