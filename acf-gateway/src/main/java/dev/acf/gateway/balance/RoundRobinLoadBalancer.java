package dev.acf.gateway.balance;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.Route;
import dev.acf.api.name.AgentName;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link LoadBalancer}: each agent's requests go to its endpoints in turn (round
 * robin per agent), skipping an endpoint for {@code ejectionTime} after a failed call to it
 * (passive health: the proxy reports connection failures and timeouts through
 * {@link #record}); a success ends the ejection at once. When every endpoint is ejected it
 * still answers, with the one whose ejection ends first (Envoy's panic routing): a lone
 * instance that blinked is tried again rather than refused. Thread-safe, lock-free and
 * non-blocking; state is one counter per agent and one deadline per failed endpoint.
 *
 * <pre>{@code
 * LoadBalancer balancer = new RoundRobinLoadBalancer(Duration.ofSeconds(5));
 * Endpoint e = balancer.choose(route);
 * balancer.record(e, false, Duration.ZERO);   // e is skipped for 5 s
 * }</pre>
 */
public final class RoundRobinLoadBalancer implements LoadBalancer {
    /** The default time a failed endpoint is skipped. */
    public static final Duration DEFAULT_EJECTION = Duration.ofSeconds(5);

    private final long ejectionNanos;
    private final ConcurrentHashMap<AgentName, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<URI, Long> ejectedUntil = new ConcurrentHashMap<>();

    /** Skips a failed endpoint for {@link #DEFAULT_EJECTION}. */
    public RoundRobinLoadBalancer() {
        this(DEFAULT_EJECTION);
    }

    /** Skips a failed endpoint for this long. */
    public RoundRobinLoadBalancer(Duration ejectionTime) {
        Objects.requireNonNull(ejectionTime, "ejectionTime");
        if (ejectionTime.isNegative()) {
            throw new IllegalArgumentException("ejectionTime must not be negative, was " + ejectionTime);
        }
        this.ejectionNanos = ejectionTime.toNanos();
    }

    @Override
    public Endpoint choose(Route route) {
        List<Endpoint> endpoints = route.endpoints();
        if (endpoints.size() == 1) {
            return endpoints.get(0);
        }
        long now = System.nanoTime();
        List<Endpoint> healthy = new ArrayList<>(endpoints.size());
        Endpoint soonest = endpoints.get(0);
        long soonestEnd = Long.MAX_VALUE;
        for (Endpoint e : endpoints) {
            Long until = ejectedUntil.get(e.url());
            if (until == null) {
                healthy.add(e);
            } else if (until - now <= 0) {
                ejectedUntil.remove(e.url(), until);
                healthy.add(e);
            } else if (soonestEnd == Long.MAX_VALUE || until - soonestEnd < 0) {
                soonest = e;
                soonestEnd = until;
            }
        }
        if (healthy.isEmpty()) {
            return soonest;
        }
        int turn = turns.computeIfAbsent(route.target().withoutVersion(), k -> new AtomicInteger()).getAndIncrement();
        return healthy.get(Math.floorMod(turn, healthy.size()));
    }

    @Override
    public void record(Endpoint endpoint, boolean success, Duration latency) {
        if (success) {
            ejectedUntil.remove(endpoint.url());
        } else if (ejectionNanos > 0) {
            ejectedUntil.put(endpoint.url(), System.nanoTime() + ejectionNanos);
        }
    }

    /** Returns true while the endpoint is skipped after a failure. */
    public boolean isEjected(Endpoint endpoint) {
        Long until = ejectedUntil.get(endpoint.url());
        return until != null && until - System.nanoTime() > 0;
    }
}
