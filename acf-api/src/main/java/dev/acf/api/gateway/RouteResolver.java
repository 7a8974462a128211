package dev.acf.api.gateway;

import java.util.Optional;

/**
 * Maps a request to the agent it addresses (GW-PROXY-1): by default the ANS name in the path
 * {@code /agents/{name}/...}, resolved through ANS and cached. A hierarchical gateway's
 * resolver may answer a route to its parent or child gateway instead (GW-SCALE-2).
 *
 * <p>Called for every request, possibly on an event loop: thread-safe and non-blocking
 * (answer from a cache; load misses elsewhere).
 */
public interface RouteResolver {

    /**
     * Returns the route, or empty when the request addresses no agent this gateway knows
     * (the gateway answers 404 {@code agent_not_found}).
     */
    Optional<Route> resolve(Exchange exchange);
}
