package dev.acf.gateway.hierarchy;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.Route;
import dev.acf.api.gateway.RouteResolver;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.proxy.AgentPath;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Routes by the {@link Hierarchy} (GW-SCALE-2): a call to an agent of the owned name space goes to
 * the local resolver (by default the ANS name in the path, resolved through ANS); a call to a
 * delegated name goes down to the child gateway's {@code /agents/{name}...}, any other name up to
 * the parent's. The route to another gateway targets that gateway's ANS name when it is known, so
 * that the upstream mTLS handshake checks the gateway's certificate (and connections to it are
 * pooled once for all the names behind it); else the agent's name. Names with no route resolve to
 * nothing (404 {@code agent_not_found}; {@link HopFilter} answers those first, naming the reason).
 * Thread-safe; never asks ANS for a name it does not own.
 *
 * <pre>{@code
 * RouteResolver routes = new HierarchyRouteResolver(hierarchy, new AnsPathRouteResolver(agents, name -> true));
 * }</pre>
 */
public final class HierarchyRouteResolver implements RouteResolver {
    private final Hierarchy hierarchy;
    private final RouteResolver local;

    /**
     * @param hierarchy where names belong
     * @param local resolves the names this gateway owns and delegates to no child
     */
    public HierarchyRouteResolver(Hierarchy hierarchy, RouteResolver local) {
        this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
        this.local = Objects.requireNonNull(local, "local");
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.acf.api.error.InvalidNameException when the path names no valid ANS name (400)
     */
    @Override
    public Optional<Route> resolve(Exchange exchange) {
        Optional<AgentPath> path = AgentPath.parse(exchange.request().path());
        if (path.isEmpty()) {
            return local.resolve(exchange);
        }
        AgentName name = path.get().name();
        return switch (hierarchy.place(name)) {
            case LOCAL -> local.resolve(exchange);
            case NONE -> Optional.empty();
            case CHILD, PARENT, PEER -> hierarchy.nextHop(name).map(hop -> route(hop, name, path.get().rest()));
        };
    }

    /** Returns the route of a call to {@code name} through the gateway {@code hop}. */
    public static Route route(NextHop hop, AgentName name, String rest) {
        Endpoint endpoint = new Endpoint(java.net.URI.create(hop.base() + AgentPath.of(name)), Endpoint.JSONRPC);
        return new Route(hop.gateway() != null ? hop.gateway() : name, List.of(endpoint), rest);
    }
}
