package dev.acf.api.gateway;

import java.util.Optional;

/**
 * Maps a request to the agent it addresses (GW-PROXY-1): by default the ANS name in the path
 * {@code /agents/{name}/...}, resolved through ANS and cached. A hierarchical gateway's
 * resolver may answer a route to its parent or child gateway instead (GW-SCALE-2).
 *
 * <p>Called for every request that reaches the end of the filter chain, on that request's
 * (virtual) thread, never on an event loop: thread-safe; answer from a cache, though a miss may
 * block briefly to load (the default asks ANS). A resolver that throws an
 * {@link dev.acf.api.error.AcfException} answers with its status (such as 400 for a bad name).
 *
 * <pre>{@code
 * RouteResolver byHeader = exchange -> exchange.request().headers().first("acf-agent")
 *         .map(AgentName::parse).flatMap(cache::route);
 * }</pre>
 */
public interface RouteResolver {

    /**
     * Returns the route, or empty when the request addresses no agent this gateway knows
     * (the gateway answers 404 {@code agent_not_found}).
     */
    Optional<Route> resolve(Exchange exchange);
}
