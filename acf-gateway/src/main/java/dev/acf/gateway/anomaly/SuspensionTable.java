package dev.acf.gateway.anomaly;

import dev.acf.api.monitor.Suspension;
import dev.acf.api.monitor.SuspensionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Whom this gateway refuses: the suspensions it made itself and ANS has not confirmed yet, and
 * the suspensions in force at ANS. Once ANS lists a local suspension, ANS governs it: when a
 * later state no longer lists it (an administrator lifted it), the caller is let in again.
 * {@link #find} is lock-free; {@link #apply} runs on the follower thread. Thread-safe.
 */
final class SuspensionTable {
    private final Map<String, Suspension> local = new ConcurrentHashMap<>();
    private volatile Map<String, Suspension> central = Map.of();
    private final Consumer<String> onLift;

    SuspensionTable(Consumer<String> onLift) {
        this.onLift = onLift;
    }

    @Nullable Suspension find(String caller) {
        Suspension s = central.get(caller);
        return s != null ? s : local.isEmpty() ? null : local.get(caller);
    }

    /** Suspends locally; returns false when the caller was suspended already. */
    boolean suspend(Suspension suspension) {
        return find(suspension.caller()) == null && local.putIfAbsent(suspension.caller(), suspension) == null;
    }

    /** Lifts a local suspension (ANS-held ones are lifted at ANS); returns whether there was one. */
    boolean liftLocal(String caller) {
        boolean lifted = local.remove(caller) != null;
        if (lifted) {
            onLift.accept(caller);
        }
        return lifted;
    }

    /** Takes the state of ANS as a whole. */
    synchronized void apply(SuspensionState state) {
        Map<String, Suspension> next = new HashMap<>();
        state.suspensions().forEach(s -> next.put(s.caller(), s));
        Map<String, Suspension> previous = central;
        central = Map.copyOf(next);
        next.keySet().forEach(local::remove);
        for (String caller : previous.keySet()) {
            if (!next.containsKey(caller) && !local.containsKey(caller)) {
                onLift.accept(caller);
            }
        }
    }

    List<Suspension> all() {
        List<Suspension> out = new ArrayList<>(central.values());
        local.values().stream().filter(s -> !central.containsKey(s.caller())).forEach(out::add);
        return out;
    }

    int size() {
        return all().size();
    }
}
