package dev.acf.demo.live;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's audit sink in the demo: keeps every event in memory, so a run can be checked
 * against what the gateway saw, and passes each on to a file sink when there is one. Events
 * arrive after the response went out, on the gateway's threads: {@link #await} lets a run wait
 * for the events of its calls. Thread-safe.
 */
final class AuditRecorder implements AuditSink {
    private final List<AuditEvent> events = new ArrayList<>();
    private final @Nullable AuditSink next;

    AuditRecorder(@Nullable AuditSink next) {
        this.next = next;
    }

    @Override
    public void accept(AuditEvent event) {
        synchronized (events) {
            events.add(event);
            events.notifyAll();
        }
        if (next != null) {
            next.accept(event);
        }
    }

    /** Returns every event so far, in arrival order. */
    List<AuditEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * Waits until an event carrying each of these context ids has arrived, or the timeout passed;
     * returns the events with those context ids, in arrival order.
     */
    List<AuditEvent> await(Collection<String> contextIds, Duration timeout) throws InterruptedException {
        Set<String> wanted = new HashSet<>(contextIds);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                List<AuditEvent> matching = events.stream().filter(e -> wanted.contains(e.contextId())).toList();
                long seen = matching.stream().map(AuditEvent::contextId).distinct().count();
                long left = deadline - System.nanoTime();
                if (seen >= wanted.size() || left <= 0) {
                    return matching;
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        if (next != null) {
            next.close();
        }
    }
}
