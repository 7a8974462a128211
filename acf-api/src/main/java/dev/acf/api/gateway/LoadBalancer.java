package dev.acf.api.gateway;

import dev.acf.api.agent.Endpoint;
import java.time.Duration;
import java.util.List;

/**
 * Chooses one endpoint of an agent for a request (GW-FWD-2), by health and measured
 * latency, and learns from each outcome. Thread-safe and non-blocking.
 *
 * <pre>{@code
 * Endpoint e = balancer.choose(route);
 * // ... call e ...
 * balancer.record(e, true, Duration.ofMillis(12));
 * }</pre>
 */
public interface LoadBalancer {

    /**
     * Chooses among the route's endpoints.
     *
     * @throws dev.acf.api.error.UnavailableException when every endpoint is ejected or open-circuited
     */
    Endpoint choose(Route route);

    /** Picks among candidates the caller has already filtered (for retries on another endpoint). */
    default Endpoint choose(Route route, List<Endpoint> candidates) {
        return choose(new Route(route.target(), candidates, route.upstreamPath()));
    }

    /** Learns the outcome of one call to an endpoint; the default ignores it. */
    default void record(Endpoint endpoint, boolean success, Duration latency) {}
}
