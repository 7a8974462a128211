package dev.acf.gateway.balance;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.Route;
import dev.acf.api.name.AgentName;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link LoadBalancer} (GW-FWD-2): power of two choices over peak-EWMA latency
 * (Finagle's and Linkerd's balancer), passive outlier ejection ({@link OutlierDetection}) and
 * active probes ({@link HealthCheck}).
 *
 * <p>Each call picks two endpoints of the agent at random among those in rotation and takes the
 * one with the lower load, its latency estimate times (calls in flight + 1). The estimate follows
 * a slower answer at once and forgets it over the decay time, so an instance that slows down
 * loses traffic within a call or two, and one that recovers wins it back as the estimate decays.
 * Peak EWMA rather than least-request: agents answer in milliseconds to minutes (an LLM call), so
 * the in-flight count alone would send equal shares to a fast and a slow instance of equal
 * concurrency; latency times load sees both. Two random choices rather than the global best
 * avoid herding: many gateway threads choosing at once do not all pile onto the one instance that
 * looked best a moment ago.
 *
 * <p>{@link #choose} takes no lock and allocates nothing once the agent's endpoint list was seen:
 * a few volatile reads per endpoint and two {@link ThreadLocalRandom} draws. {@link #record}
 * ends the call chosen (one report per choice), learns the latency of a success and counts a
 * failure towards ejection; a success with a zero latency (a call not sent after all) only ends the call. Probes run on
 * virtual threads of a daemon scheduler that starts with the first agent of two or more endpoints
 * and stops when no endpoint was used for ten minutes or on {@link #close()}. Thread-safe.
 *
 * <pre>{@code
 * PeakEwmaLoadBalancer balancer = PeakEwmaLoadBalancer.builder()
 *         .outlierDetection(new OutlierDetection(3, Duration.ofSeconds(10), Duration.ofMinutes(2), 0.5))
 *         .healthCheck(HealthCheck.tcp(Duration.ofSeconds(2)))
 *         .build();
 * GatewayServer.builder().loadBalancer(balancer)...
 * }</pre>
 */
public final class PeakEwmaLoadBalancer implements LoadBalancer, MeterBinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeakEwmaLoadBalancer.class);
    /** The default time over which a latency sample loses most of its weight (Finagle's). */
    public static final Duration DEFAULT_DECAY = Duration.ofSeconds(10);
    /** The ejection counter's meter name. */
    public static final String EJECTIONS = "acf.gateway.balancer.ejections";
    /** The counter of endpoints brought back by a passing probe. */
    public static final String READMISSIONS = "acf.gateway.balancer.readmissions";
    /** The counter of ejections the maximum ejected share prevented. */
    public static final String EJECTIONS_CAPPED = "acf.gateway.balancer.ejections.capped";
    /** The gauge of endpoints out of rotation now. */
    public static final String OUT = "acf.gateway.balancer.out";

    /** An agent's endpoints as last routed, with their health, in the route's order. */
    private record Group(List<Endpoint> endpoints, EndpointHealth[] health) {
        boolean matches(List<Endpoint> other) {
            if (other == endpoints) {
                return true;
            }
            int n = endpoints.size();
            if (other.size() != n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                Endpoint a = endpoints.get(i);
                Endpoint b = other.get(i);
                if (a != b && !a.url().equals(b.url())) {
                    return false;
                }
            }
            return true;
        }
    }

    private final OutlierDetection outliers;
    private final HealthCheck checks;
    private final double decayNanos;
    private final long baseEjectionNanos;
    private final long maxEjectionNanos;
    final ConcurrentHashMap<URI, EndpointHealth> endpoints = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AgentName, Group> groups = new ConcurrentHashMap<>();
    private final LongAdder ejections = new LongAdder();
    private final LongAdder capped = new LongAdder();
    final LongAdder readmissions = new LongAdder();
    private final HealthProber prober;

    /** Creates a balancer with the defaults: 10 s decay, {@link OutlierDetection#defaults()}, {@link HealthCheck#defaults()}. */
    public PeakEwmaLoadBalancer() {
        this(builder());
    }

    private PeakEwmaLoadBalancer(Builder b) {
        this.outliers = b.outliers;
        this.checks = b.checks;
        this.decayNanos = b.decay.toNanos();
        this.baseEjectionNanos = outliers.baseEjectionTime().toNanos();
        this.maxEjectionNanos = outliers.maxEjectionTime().toNanos();
        this.prober = new HealthProber(this, checks);
    }

    /** Returns a builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Endpoint choose(Route route) {
        List<Endpoint> list = route.endpoints();
        if (list.size() == 1) {
            return list.get(0);
        }
        Group group = groups.get(route.target());
        if (group == null || !group.matches(list)) {
            group = regroup(route.target(), list);
        }
        long now = System.nanoTime();
        return take(pick(group.health(), now), now);
    }

    @Override
    public Endpoint choose(Route route, List<Endpoint> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate endpoint of " + route.target());
        }
        long now = System.nanoTime();
        EndpointHealth[] health = new EndpointHealth[candidates.size()];
        for (int i = 0; i < health.length; i++) {
            health[i] = health(candidates.get(i), now);
        }
        return take(pick(health, now), now);
    }

    private static Endpoint take(EndpointHealth chosen, long now) {
        chosen.pending.incrementAndGet();
        chosen.lastUsed = now;
        return chosen.endpoint;
    }

    /** Two random choices among the endpoints in rotation; the least loaded of all when none is (panic). */
    private static EndpointHealth pick(EndpointHealth[] health, long now) {
        int in = 0;
        for (EndpointHealth h : health) {
            if (!h.isOut(now)) {
                in++;
            }
        }
        if (in == 0) {
            EndpointHealth best = health[0];
            for (EndpointHealth h : health) {
                if (h.load(now) < best.load(now)) {
                    best = h;
                }
            }
            return best;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(in);
        EndpointHealth first = nthIn(health, a, now);
        if (in == 1) {
            return first;
        }
        int b = random.nextInt(in - 1);
        EndpointHealth second = nthIn(health, b >= a ? b + 1 : b, now);
        return second.load(now) < first.load(now) ? second : first;
    }

    private static EndpointHealth nthIn(EndpointHealth[] health, int n, long now) {
        int seen = 0;
        for (EndpointHealth h : health) {
            if (!h.isOut(now) && seen++ == n) {
                return h;
            }
        }
        return health[0];
    }

    private Group regroup(AgentName agent, List<Endpoint> list) {
        long now = System.nanoTime();
        EndpointHealth[] health = new EndpointHealth[list.size()];
        for (int i = 0; i < health.length; i++) {
            health[i] = health(list.get(i), now);
        }
        for (EndpointHealth h : health) {
            h.group = health;
        }
        Group group = new Group(List.copyOf(list), health);
        groups.put(agent, group);
        prober.ensureRunning();
        return group;
    }

    private EndpointHealth health(Endpoint endpoint, long now) {
        return endpoints.computeIfAbsent(endpoint.url(), u -> new EndpointHealth(endpoint, decayNanos, now));
    }

    @Override
    public void record(Endpoint endpoint, boolean success, Duration latency) {
        EndpointHealth h = endpoints.get(endpoint.url());
        if (h == null) {
            return;
        }
        h.release();
        long now = System.nanoTime();
        long nanos = latency.toNanos();
        if (success) {
            if (nanos > 0) {
                if (h.failures.get() != 0) {
                    h.failures.set(0);
                }
                h.observe(nanos, now);
            }
            return;
        }
        h.peak(nanos, now);
        if (h.failures.incrementAndGet() >= outliers.consecutiveFailures()) {
            eject(h, now);
        }
    }

    private void eject(EndpointHealth h, long now) {
        // Rare path: the lock makes the share check and the ejection one step, so two racing ejections cannot exceed the share.
        synchronized (h.group) {
            if (h.isOut(now)) {
                return;
            }
            if (h.outInGroup(now) >= outliers.maxOut(h.group.length)) {
                capped.increment();
                return;
            }
            int before = h.ejections.get();
            if (h.ejected && before > 0) {
                // One step of the multiplier is forgiven for each base ejection time spent in rotation since the last ejection.
                long forgiven = Math.max(0, now - h.ejectedUntil) / baseEjectionNanos;
                before = (int) Math.max(0, before - forgiven);
            }
            int times = before + 1;
            h.ejections.set(times);
            long length = Math.min(maxEjectionNanos, baseEjectionNanos * times);
            h.ejectedUntil = now + length;
            h.ejected = true;
            h.probeFailedWhileEjected = false;
            h.failures.set(0);
            h.forgetLatency();
        }
        ejections.increment();
        LOG.info("endpoint {} ejected for {} ms after {} failures in a row", h.endpoint.url(),
                Math.min(maxEjectionNanos, baseEjectionNanos * h.ejections.get()) / 1_000_000, outliers.consecutiveFailures());
    }

    /** Takes an endpoint out after failed probes, within the ejected share; on a prober thread. */
    void probeFailed(EndpointHealth h, long now) {
        if (h.ejected && h.ejectedUntil - now > 0) {
            h.probeFailedWhileEjected = true;
        }
        if (h.probeDown || h.probeFailures.incrementAndGet() < checks.unhealthyThreshold()) {
            return;
        }
        synchronized (h.group) {
            if (h.isOut(now) || h.outInGroup(now) < outliers.maxOut(h.group.length)) {
                h.probeDown = true;
                LOG.info("endpoint {} out of rotation: {} probes failed", h.endpoint.url(), h.probeFailures.get());
            } else {
                capped.increment();
            }
        }
    }

    /** Brings an endpoint back after a passing probe; on a prober thread. */
    void probePassed(EndpointHealth h, long now) {
        h.probeFailures.set(0);
        boolean back = false;
        if (h.probeDown) {
            h.probeDown = false;
            back = true;
        }
        if (h.ejected && h.probeFailedWhileEjected && h.ejectedUntil - now > 0) {
            h.ejected = false;
            h.failures.set(0);
            back = true;
        }
        if (back) {
            h.forgetLatency();
            readmissions.increment();
            LOG.info("endpoint {} back in rotation: its probe passed", h.endpoint.url());
        }
    }

    /** Forgets endpoints not chosen since {@code idleSince} and the agents using them; on a prober thread. */
    void forgetIdle(long idleSince) {
        endpoints.values().removeIf(h -> h.lastUsed - idleSince < 0 && h.pending.get() == 0);
        groups.values().removeIf(g -> {
            for (EndpointHealth h : g.health()) {
                if (!endpoints.containsKey(h.endpoint.url())) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Returns true while the endpoint is out of rotation (ejected after failures, or failing its probes). */
    public boolean isEjected(Endpoint endpoint) {
        EndpointHealth h = endpoints.get(endpoint.url());
        return h != null && h.isOut(System.nanoTime());
    }

    /** Returns how many ejections happened so far. */
    public long ejections() {
        return ejections.sum();
    }

    /** Returns the endpoint's latency estimate (zero before its first answer), not decayed. */
    public Duration latencyEstimate(Endpoint endpoint) {
        EndpointHealth h = endpoints.get(endpoint.url());
        return h == null ? Duration.ZERO : Duration.ofNanos((long) h.latencyNanos());
    }

    private double outNow() {
        long now = System.nanoTime();
        return endpoints.values().stream().filter(h -> h.isOut(now)).count();
    }

    /** Registers {@value #EJECTIONS}, {@value #EJECTIONS_CAPPED}, {@value #READMISSIONS} and {@value #OUT}. */
    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(EJECTIONS, ejections, LongAdder::sum)
                .description("endpoints taken out of rotation after failures in a row").register(registry);
        FunctionCounter.builder(EJECTIONS_CAPPED, capped, LongAdder::sum)
                .description("ejections not made because the maximum ejected share was reached").register(registry);
        FunctionCounter.builder(READMISSIONS, readmissions, LongAdder::sum)
                .description("endpoints brought back by a passing health probe").register(registry);
        Gauge.builder(OUT, this, PeakEwmaLoadBalancer::outNow)
                .description("endpoints out of rotation now").register(registry);
    }

    /** Stops the probes; a later choice among several endpoints starts them again. Idempotent. */
    @Override
    public void close() {
        prober.close();
        // The next choice regroups its agent, which starts the probes again.
        groups.clear();
    }

    /** Settings of a {@link PeakEwmaLoadBalancer}. Not thread-safe. */
    public static final class Builder {
        private OutlierDetection outliers = OutlierDetection.defaults();
        private HealthCheck checks = HealthCheck.defaults();
        private Duration decay = DEFAULT_DECAY;

        private Builder() {}

        /** Sets when failing endpoints are ejected; default {@link OutlierDetection#defaults()}. */
        public Builder outlierDetection(OutlierDetection value) {
            outliers = Objects.requireNonNull(value, "outlierDetection");
            return this;
        }

        /** Sets how endpoints are probed; default {@link HealthCheck#defaults()}. */
        public Builder healthCheck(HealthCheck value) {
            checks = Objects.requireNonNull(value, "healthCheck");
            return this;
        }

        /** Sets the time over which a latency sample loses most of its weight; default 10 s. */
        public Builder decay(Duration value) {
            Objects.requireNonNull(value, "decay");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("decay must be positive, was " + value);
            }
            decay = value;
            return this;
        }

        /** Returns the balancer. */
        public PeakEwmaLoadBalancer build() {
            return new PeakEwmaLoadBalancer(this);
        }
    }
}
