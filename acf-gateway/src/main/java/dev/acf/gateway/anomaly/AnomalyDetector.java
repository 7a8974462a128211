package dev.acf.gateway.anomaly;

import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.AnomalyEvent.Action;
import dev.acf.api.monitor.AnomalyEvent.Kind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Learns each caller's rate and targets and says when a call is anomalous (GW-SEC-2, ANS-MON-2);
 * see {@link AnomalySettings} for the model and {@link SuspensionPolicy} for what suspends.
 * It only judges: the {@link AnomalyGuard} acts on what it returns.
 *
 * <p>Cheap on the request path: one concurrent-map lookup and a short critical section on the
 * caller's own state per call; no allocation unless an anomaly is raised. Memory is bounded by
 * {@link AnomalySettings#maxCallers()} callers of {@link AnomalySettings#maxTargets()} targets.
 * Time comes from the given clock, so tests move it by hand. Thread-safe.
 *
 * <pre>{@code
 * AnomalyDetector detector = new AnomalyDetector(AnomalySettings.defaults(), SuspensionPolicy.defaults(), Clock.systemUTC());
 * for (AnomalyEvent e : detector.call("ans://v1.0.0.alpha.ops.example.net", "ans://v1.0.0.rca.ops.example.net")) { ... }
 * }</pre>
 */
public final class AnomalyDetector {
    /** The rule id of rate spikes. */
    public static final String RATE_SPIKE = "anomaly.rate-spike";
    /** The rule id of calls outside the learned targets. */
    public static final String NEW_TARGET = "anomaly.new-target";
    /** The rule id of calls on an edge the permission policy denied. */
    public static final String EDGE_NOT_GRANTED = "anomaly.edge-not-granted";
    /** The rule id of a caller suspended for repeated denied edges. */
    public static final String DENIED_EDGES = "anomaly.denied-edges";
    /** The rule id of calls with a revoked certificate. */
    public static final String REVOKED_CALLER = "anomaly.revoked-caller";
    /** The rule id of calls whose credential names no known caller. */
    public static final String UNKNOWN_CALLER = "anomaly.unknown-caller";

    private final AnomalySettings settings;
    private final SuspensionPolicy policy;
    private final Clock clock;
    private final long windowMillis;
    private final Map<String, CallerState> callers = new ConcurrentHashMap<>();
    private final ReentrantLock eviction = new ReentrantLock();

    /** Judges with these settings and policy, timed by this clock. */
    public AnomalyDetector(AnomalySettings settings, SuspensionPolicy policy, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowMillis = settings.window().toMillis();
    }

    /**
     * Counts one call of an authenticated caller (to {@code target}, when it addresses an agent)
     * and returns the anomalies it raises: usually none.
     */
    public List<AnomalyEvent> call(String caller, @Nullable String target) {
        long now = clock.millis();
        CallerState s = state(caller, now);
        List<AnomalyEvent> raised = null;
        synchronized (s) {
            s.roll(now);
            s.count++;
            s.lastSeen = now;
            boolean warm = now - s.firstSeen >= settings.warmUp().toMillis() && s.windows > 0;
            if (warm) {
                double perWindowFloor = settings.floorPerSecond() * windowMillis / 1000.0;
                if (!s.spiked && s.count > settings.spikeFactor() * s.baseline && s.count > perWindowFloor) {
                    s.spiked = true;
                    raised = add(raised, event(caller, target, Kind.RATE_SPIKE, RATE_SPIKE, Action.FLAGGED, spike(s)));
                }
                if (policy.suspendsBursts() && !s.burstSuspended && s.count >= policy.burstRequests()
                        && s.count >= policy.burstFactor() * s.baseline && s.count > perWindowFloor) {
                    s.burstSuspended = true;
                    s.spiked = true;
                    raised = add(raised, event(caller, target, Kind.RATE_SPIKE, RATE_SPIKE, Action.SUSPENDED, spike(s)));
                }
            }
            if (target != null && !s.targets.contains(target)) {
                if (warm && s.flag(NEW_TARGET + "|" + target, now, settings.flagCooldown().toMillis())) {
                    raised = add(raised, event(caller, target, Kind.NEW_TARGET, NEW_TARGET, Action.FLAGGED,
                            "first call to " + target + " after the warm-up; learned targets: " + s.targets.size()));
                }
                if (s.targets.size() < settings.maxTargets()) {
                    s.targets.add(target);
                }
            }
        }
        return raised == null ? List.of() : raised;
    }

    /**
     * Records a call the permission policy denied ({@code ruleId} the policy's rule): an
     * {@code edge-not-granted} flag, held back within the cooldown for the same edge, or a
     * suspension when the policy counts enough denied edges in one window.
     */
    public List<AnomalyEvent> denied(String caller, @Nullable String target, String ruleId) {
        long now = clock.millis();
        CallerState s = state(caller, now);
        List<AnomalyEvent> raised = null;
        synchronized (s) {
            s.roll(now);
            s.lastSeen = now;
            s.denied++;
            String detail = "call on an edge never granted: " + caller + " -> " + (target == null ? "?" : target) + " (policy rule "
                    + ruleId + ")";
            if (s.flag(EDGE_NOT_GRANTED + "|" + target, now, settings.flagCooldown().toMillis())) {
                raised = add(raised, event(caller, target, Kind.EDGE_NOT_GRANTED, EDGE_NOT_GRANTED, Action.FLAGGED, detail));
            }
            if (policy.deniedEdges() > 0 && s.denied >= policy.deniedEdges() && !s.deniedSuspended) {
                s.deniedSuspended = true;
                raised = add(raised, event(caller, target, Kind.EDGE_NOT_GRANTED, DENIED_EDGES, Action.SUSPENDED,
                        s.denied + " denied edges within " + settings.window().toMillis() + " ms; last: " + detail));
            }
        }
        return raised == null ? List.of() : raised;
    }

    /**
     * Records a refused credential: {@link Kind#REVOKED_CALLER} or {@link Kind#UNKNOWN_CALLER};
     * returns the flag, or nothing within the cooldown for the same caller.
     */
    public List<AnomalyEvent> refused(Kind kind, String caller, @Nullable String target, String detail) {
        if (kind != Kind.REVOKED_CALLER && kind != Kind.UNKNOWN_CALLER) {
            throw new IllegalArgumentException("refused callers are revoked or unknown, not " + kind);
        }
        long now = clock.millis();
        CallerState s = state(caller, now);
        String rule = kind == Kind.REVOKED_CALLER ? REVOKED_CALLER : UNKNOWN_CALLER;
        synchronized (s) {
            s.lastSeen = now;
            if (!s.flag(rule, now, settings.flagCooldown().toMillis())) {
                return List.of();
            }
        }
        return List.of(event(caller, target, kind, rule, Action.FLAGGED, detail));
    }

    /**
     * Forgets the current window of a caller whose suspension was lifted, so the burst that
     * suspended it does not suspend it again; the learned baseline and targets stay.
     */
    public void forgive(String caller) {
        CallerState s = callers.get(caller);
        if (s != null) {
            synchronized (s) {
                s.count = 0;
                s.denied = 0;
                s.spiked = true; // the rest of this window is not judged again
                s.burstSuspended = false;
                s.deniedSuspended = false;
            }
        }
    }

    /** Returns how many callers are tracked now (at most {@link AnomalySettings#maxCallers()}). */
    public int trackedCallers() {
        return callers.size();
    }

    /** Returns a caller's learned baseline, calls per window, or -1 when it is not tracked. */
    public double baseline(String caller) {
        CallerState s = callers.get(caller);
        if (s == null) {
            return -1;
        }
        synchronized (s) {
            s.roll(clock.millis());
            return s.baseline;
        }
    }

    private String spike(CallerState s) {
        return s.count + " calls in the current " + windowMillis + " ms window, "
                + String.format(Locale.ROOT, "%.1f", s.baseline <= 0 ? s.count : s.count / s.baseline) + "x the baseline of "
                + String.format(Locale.ROOT, "%.2f", s.baseline);
    }

    private AnomalyEvent event(String caller, @Nullable String target, Kind kind, String rule, Action action, String detail) {
        return new AnomalyEvent(UUID.randomUUID().toString(), clock.instant(), caller, target, kind, rule, detail, action, null);
    }

    private static List<AnomalyEvent> add(@Nullable List<AnomalyEvent> list, AnomalyEvent event) {
        List<AnomalyEvent> out = list == null ? new ArrayList<>(2) : list;
        out.add(event);
        return out;
    }

    private CallerState state(String caller, long now) {
        CallerState s = callers.get(caller);
        if (s != null) {
            return s;
        }
        if (callers.size() >= settings.maxCallers()) {
            evict();
        }
        return callers.computeIfAbsent(caller, k -> new CallerState(now, windowMillis, settings.baselineWeight()));
    }

    /** Forgets the least recently seen tenth of the callers; one thread sweeps, the others go on. */
    private void evict() {
        if (!eviction.tryLock()) {
            return;
        }
        try {
            if (callers.size() < settings.maxCallers()) {
                return;
            }
            long[] seen = callers.values().stream().mapToLong(c -> c.lastSeen).toArray();
            Arrays.sort(seen);
            long cutoff = seen[Math.max(0, seen.length / 10 - 1)];
            callers.values().removeIf(c -> c.lastSeen <= cutoff);
        } finally {
            eviction.unlock();
        }
    }

    /** One caller's counters; guarded by its own monitor. */
    private static final class CallerState {
        final long firstSeen;
        final long windowMillis;
        final double weight;
        final Set<String> targets = new HashSet<>();
        final Map<String, Long> flagged = new HashMap<>();
        volatile long lastSeen;
        long windowStart;
        int count;
        int denied;
        double baseline;
        int windows;
        boolean spiked;
        boolean burstSuspended;
        boolean deniedSuspended;

        CallerState(long now, long windowMillis, double weight) {
            this.firstSeen = now;
            this.lastSeen = now;
            this.windowStart = now;
            this.windowMillis = windowMillis;
            this.weight = weight;
        }

        /** Closes the windows that ended before {@code now}, folding them into the baseline. */
        void roll(long now) {
            long elapsed = now - windowStart;
            if (elapsed < windowMillis) {
                return;
            }
            long closed = elapsed / windowMillis;
            if (!spiked) {
                baseline = windows == 0 ? count : weight * count + (1 - weight) * baseline;
            }
            windows++;
            // Idle windows pull the baseline down; after a few dozen it is as good as zero.
            for (long i = 1; i < Math.min(closed, 64); i++) {
                baseline *= 1 - weight;
                windows++;
            }
            windowStart += closed * windowMillis;
            count = 0;
            denied = 0;
            spiked = false;
            burstSuspended = false;
            deniedSuspended = false;
        }

        /** Returns true when this flag may be raised now, and remembers it; false within the cooldown. */
        boolean flag(String key, long now, long cooldown) {
            Long last = flagged.get(key);
            if (last != null && now - last < cooldown) {
                return false;
            }
            if (flagged.size() >= 64) {
                flagged.clear();
            }
            flagged.put(key, now);
            return true;
        }
    }
}
