package dev.acf.api.security;

import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The call-rate condition of grants: one fixed one-minute window per (grant, caller). A
 * fixed window may let twice the rate through across a window boundary; a grant's rate is
 * a coarse entitlement, the QoS filter does precise shaping. Thread-safe.
 */
final class CallRates {
    private record Key(String grant, long version, String caller) {}

    private static final class Window {
        long minute;
        int used;
    }

    private final Clock clock;
    private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();

    CallRates(Clock clock) {
        this.clock = clock;
    }

    boolean tryAcquire(Grant grant, String caller) {
        long minute = clock.millis() / 60_000;
        Window w = windows.computeIfAbsent(new Key(grant.id(), grant.version(), caller), k -> new Window());
        synchronized (w) {
            if (w.minute != minute) {
                w.minute = minute;
                w.used = 0;
            }
            if (w.used >= grant.ratePerMinute()) {
                return false;
            }
            w.used++;
            return true;
        }
    }

    /** Forgets the windows of grants no longer in force. */
    void retain(Collection<Grant> active) {
        Set<String> ids = active.stream().map(Grant::id).collect(Collectors.toSet());
        windows.keySet().removeIf(k -> !ids.contains(k.grant()));
    }
}
