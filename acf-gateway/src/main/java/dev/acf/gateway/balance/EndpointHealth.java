package dev.acf.gateway.balance;

import dev.acf.api.agent.Endpoint;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the balancer knows of one endpoint: its peak-EWMA latency, calls in flight, failures in a
 * row, ejection and probe state. Fields are plain volatiles written without locks: two updates
 * racing may lose one latency sample, which a moving average shrugs off; the counters that
 * decide ejection are atomic.
 */
final class EndpointHealth {
    /** The load of an endpoint with no latency sample yet but calls in flight: it gets one probing call at a time. */
    private static final double UNMEASURED_PENALTY = 1e9;

    final Endpoint endpoint;
    private final double decayNanos;
    private volatile double cost;
    private volatile long stamp;
    final AtomicInteger pending = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    /** Ejections so far, the ejection time's multiplier; decays while the endpoint stays in. */
    final AtomicInteger ejections = new AtomicInteger();
    volatile long ejectedUntil;
    volatile boolean ejected;
    volatile long lastEjectionEnd;
    /** Failed probes in a row. */
    final AtomicInteger probeFailures = new AtomicInteger();
    /** Out of rotation because probes failed. */
    volatile boolean probeDown;
    /** A probe failed during the current ejection: a passing probe may end it (the instance came back). */
    volatile boolean probeFailedWhileEjected;
    final AtomicBoolean probing = new AtomicBoolean();
    volatile long lastUsed;
    /** The agent's endpoint group this endpoint was last chosen in, for the ejected-share cap. */
    volatile EndpointHealth[] group;

    EndpointHealth(Endpoint endpoint, double decayNanos, long now) {
        this.endpoint = endpoint;
        this.decayNanos = decayNanos;
        this.stamp = now;
        this.lastUsed = now;
        this.group = new EndpointHealth[] {this};
    }

    /** Whether the endpoint is out of rotation now (ejected, or its probes fail). */
    boolean isOut(long now) {
        return probeDown || ejected && ejectedUntil - now > 0;
    }

    /** The cost of sending one more call: decayed latency times calls in flight plus one (Finagle's peak EWMA load). */
    double load(long now) {
        int inFlight = pending.get();
        double c = cost;
        if (c == 0) {
            return inFlight == 0 ? 0 : UNMEASURED_PENALTY + inFlight;
        }
        long elapsed = now - stamp;
        double decayed = elapsed <= 0 ? c : c * Math.exp(-elapsed / decayNanos);
        return decayed * (inFlight + 1);
    }

    /** Learns a latency: a higher one is taken at once (peak), a lower one blends in with the time since the last. */
    void observe(long latencyNanos, long now) {
        double c = cost;
        long elapsed = Math.max(0, now - stamp);
        double w = Math.exp(-elapsed / decayNanos);
        cost = latencyNanos > c ? latencyNanos : c * w + latencyNanos * (1 - w);
        stamp = now;
    }

    /** Raises the latency estimate to at least this much (a failure never makes an endpoint look faster). */
    void peak(long latencyNanos, long now) {
        if (latencyNanos > cost) {
            cost = latencyNanos;
            stamp = now;
        }
    }

    /** Forgets the latency estimate: an endpoint coming back is measured afresh instead of paying for its failures. */
    void forgetLatency() {
        cost = 0;
    }

    /** Ends a call in flight; never below zero (a late report for a call chosen elsewhere is ignored). */
    void release() {
        pending.updateAndGet(p -> p > 0 ? p - 1 : 0);
    }

    /** How many endpoints of this one's group are out now. */
    int outInGroup(long now) {
        int out = 0;
        for (EndpointHealth h : group) {
            if (h.isOut(now)) {
                out++;
            }
        }
        return out;
    }

    double latencyNanos() {
        return cost;
    }
}
