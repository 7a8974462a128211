package dev.acf.ans.monitor;

import dev.acf.ans.audit.AuditLog;
import dev.acf.ans.audit.AuditRecord;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.AnsMonitor;
import dev.acf.api.monitor.Suspension;
import dev.acf.api.monitor.SuspensionState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ANS side of anomaly monitoring (ANS-MON-2): keeps the most recent anomalies gateways
 * report (a bounded window, newest last, for the operator and the interaction graph) and the
 * suspensions in force. A suspension or lift is validated, written durably
 * ({@code suspensions.json}), appended to the audit log ({@code caller.suspend},
 * {@code caller.lift}) and then published: every long poll of {@link #suspensions} wakes, so
 * gateways following ANS apply it within a second.
 *
 * <p>This class is also the in-process {@link AnsMonitor} of a gateway embedded with the ANS
 * ({@code AnsServer.monitor()}): its reports are trusted. Thread-safe; long polls wait on this
 * object and end when it closes.
 */
public final class Monitor implements AnsMonitor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** The longest a long poll waits. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(20);

    private final int capacity;
    private final ArrayDeque<AnomalyEvent> recent = new ArrayDeque<>();
    private final Set<String> recentIds = new HashSet<>();
    private final Map<String, Suspension> active = new LinkedHashMap<>();
    private final SuspensionFile file;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long sequence;
    private boolean closed;

    /**
     * Told of what the monitor learns, after it is recorded (and, for suspensions, written and
     * audited): the interaction graph follows anomalies and suspensions this way. Called on the
     * reporting thread: return quickly; a listener that throws is logged and skipped.
     */
    public interface Listener {
        /** A new anomaly was recorded. */
        default void anomaly(AnomalyEvent anomaly) {}

        /** A caller was suspended ({@code inForce}) or its suspension lifted. */
        default void suspension(Suspension suspension, boolean inForce) {}
    }

    /**
     * Opens the monitor, loading the suspensions in force from {@code directory}.
     *
     * @param capacity how many recent anomalies are kept
     */
    public Monitor(Path directory, AuditLog audit, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.file = new SuspensionFile(directory);
        SuspensionState saved = file.read();
        sequence = saved.sequence();
        saved.suspensions().forEach(s -> active.put(s.caller(), s));
        if (!active.isEmpty()) {
            LOG.info("{} caller(s) suspended since before the restart", active.size());
        }
    }

    @Override
    public void report(List<AnomalyEvent> anomalies) {
        report(anomalies, null);
    }

    /**
     * Records anomalies reported by {@code reporter} (null: in-process); those with action
     * {@code suspended} suspend their caller, unless it is suspended already.
     */
    public void report(List<AnomalyEvent> anomalies, @Nullable String reporter) {
        for (AnomalyEvent reported : anomalies) {
            AnomalyEvent anomaly = reporter == null ? reported : reported.reportedBy(reporter);
            boolean fresh;
            synchronized (this) {
                fresh = recentIds.add(anomaly.id());
                if (fresh) {
                    recent.addLast(anomaly);
                    if (recent.size() > capacity) {
                        recentIds.remove(recent.removeFirst().id());
                    }
                }
            }
            if (fresh) {
                tell(l -> l.anomaly(anomaly));
            }
            if (fresh && anomaly.suspended()) {
                suspend(Suspension.of(anomaly));
            }
        }
    }

    /** Returns the kept anomalies newer than {@code since}, oldest first, at most {@code limit}, optionally of one caller. */
    public synchronized List<AnomalyEvent> anomalies(@Nullable Instant since, @Nullable String caller, int limit) {
        List<AnomalyEvent> out = new ArrayList<>();
        for (AnomalyEvent e : recent) {
            if ((since == null || e.time().isAfter(since)) && (caller == null || caller.equals(e.caller()))) {
                out.add(e);
            }
        }
        return out.size() <= limit ? out : List.copyOf(out.subList(out.size() - limit, out.size()));
    }

    /**
     * Suspends a caller: written durably, audited, then published to the gateways following
     * the ANS. A caller already suspended keeps its first suspension, which is returned.
     */
    public Suspension suspend(Suspension suspension) {
        Objects.requireNonNull(suspension, "suspension");
        Suspension result;
        synchronized (this) {
            Suspension existing = active.get(suspension.caller());
            if (existing != null) {
                return existing;
            }
            active.put(suspension.caller(), suspension);
            try {
                file.write(new SuspensionState(sequence + 1, List.copyOf(active.values())));
            } catch (RuntimeException e) {
                active.remove(suspension.caller());
                throw e;
            }
            sequence++;
            result = suspension;
        }
        audit.append(AuditRecord.of(suspension.by(), "caller.suspend", suspension.caller(), "ok")
                .withDetail("ruleId", suspension.ruleId()).withDetail("reason", suspension.reason()));
        publish();
        tell(l -> l.suspension(suspension, true));
        LOG.info("caller {} suspended by {} (rule {}): {}", suspension.caller(), suspension.by(), suspension.ruleId(), suspension.reason());
        return result;
    }

    /** Lifts a caller's suspension, by {@code actor}; empty when it was not suspended. */
    public Optional<Suspension> lift(String caller, String actor) {
        Suspension lifted;
        synchronized (this) {
            lifted = active.get(caller);
            if (lifted == null) {
                return Optional.empty();
            }
            active.remove(caller);
            try {
                file.write(new SuspensionState(sequence + 1, List.copyOf(active.values())));
            } catch (RuntimeException e) {
                active.put(caller, lifted);
                throw e;
            }
            sequence++;
        }
        audit.append(AuditRecord.of(actor, "caller.lift", caller, "ok").withDetail("ruleId", lifted.ruleId()));
        publish();
        Suspension ended = lifted;
        tell(l -> l.suspension(ended, false));
        LOG.info("suspension of {} lifted by {}", caller, actor);
        return Optional.of(lifted);
    }

    /** Adds a listener; closing the result removes it. */
    public AutoCloseable listen(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    private void tell(java.util.function.Consumer<Listener> call) {
        for (Listener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("monitor listener {} failed", l, e);
            }
        }
    }

    /** Returns true when {@code caller} is suspended now. */
    public synchronized boolean isSuspended(String caller) {
        return active.containsKey(caller);
    }

    private synchronized void publish() {
        notifyAll();
    }

    /** Returns the clock the ANS decides time with. */
    public Clock clock() {
        return clock;
    }

    /** Returns the suspensions in force now. */
    public synchronized SuspensionState suspensions() {
        return new SuspensionState(sequence, List.copyOf(active.values()));
    }

    /**
     * Waits until the change sequence is past {@code after} (at most {@link #MAX_WAIT}), or this
     * monitor closes, and returns the suspensions in force.
     */
    @Override
    public synchronized SuspensionState suspensions(long after, Duration wait) {
        Duration bounded = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
        long deadline = System.nanoTime() + bounded.toNanos();
        try {
            while (sequence <= after && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return suspensions();
    }

    /** Ends every waiting long poll; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
