package dev.acf.ans.events;

import dev.acf.api.resolve.AgentEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ANS's stream of agent events (registered, updated, revoked...): in-process listeners
 * and the HTTP event stream that remote gateways follow, so a revocation reaches every
 * gateway within a second (ANS-LIFE-3, REL-4).
 *
 * <p>Events are numbered from 1 and kept in a bounded window so a reconnecting stream can
 * resume after the last number it saw. Listeners run in publication order on one dispatch
 * thread, never on the writer's; a listener that throws is logged and keeps its
 * subscription. Thread-safe.
 *
 * <pre>{@code
 * try (AutoCloseable sub = events.subscribe(e -> cache.invalidate(e.agent().name()))) { ... }
 * }</pre>
 */
public final class AgentEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEvents.class);

    /**
     * One event with its number in the stream: an agent event, or a change of the permission
     * grants (ANS-SEC-1) that gateways must reload.
     */
    public record Numbered(long sequence, @Nullable AgentEvent event, @Nullable PermissionChange permission) {}

    /**
     * A grant changed: gateways reload the grants in force.
     *
     * @param grant the grant's id
     * @param version its version after the change
     * @param status its status after the change
     */
    public record PermissionChange(String grant, long version, String status) {
        /** Requires every part. */
        public PermissionChange {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(status, "status");
        }
    }

    private final int window;
    private final ArrayDeque<Numbered> recent = new ArrayDeque<>();
    private final List<Consumer<AgentEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "acf-ans-events");
        t.setDaemon(true);
        return t;
    });
    private long sequence;
    private boolean closed;

    /** Creates a stream that keeps the last {@code window} events for resumption. */
    public AgentEvents(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.window = window;
    }

    /** Publishes an event to every listener and to the resumption window. */
    public void publish(AgentEvent event) {
        Objects.requireNonNull(event, "event");
        append(event, null);
        if (!dispatcher.isShutdown()) {
            dispatcher.execute(() -> {
                for (Consumer<AgentEvent> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("agent event listener {} failed on {}", listener, event.type(), e);
                    }
                }
            });
        }
    }

    /**
     * Publishes a grant change to the resumption window, so that the event streams tell
     * gateways at once; in-process policies are updated by the permission store itself.
     */
    public void publish(PermissionChange change) {
        append(null, Objects.requireNonNull(change, "change"));
    }

    private synchronized void append(@Nullable AgentEvent event, @Nullable PermissionChange change) {
        sequence++;
        recent.addLast(new Numbered(sequence, event, change));
        if (recent.size() > window) {
            recent.removeFirst();
        }
        notifyAll();
    }

    /** Calls the listener for every event published from now on, until the handle is closed. */
    public AutoCloseable subscribe(Consumer<AgentEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Returns the number of the newest event, 0 when none was published. */
    public synchronized long head() {
        return sequence;
    }

    /**
     * Returns the kept events numbered after {@code after}, waiting up to {@code timeoutMillis}
     * for one when there is none yet (long-poll); returns at once, possibly empty, once closed. Events older than the window are gone; a
     * caller that fell behind sees the oldest kept one first and can tell by its number.
     */
    public synchronized List<Numbered> after(long after, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (sequence <= after && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        List<Numbered> out = new ArrayList<>();
        for (Numbered n : recent) {
            if (n.sequence() > after) {
                out.add(n);
            }
        }
        return out;
    }

    /** Returns true once closed: long-polls and streams should end. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops dispatching and wakes every waiting long-poll; idempotent. */
    @Override
    public void close() {
        dispatcher.shutdown();
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }
}
