package dev.acf.client;

import dev.acf.api.resolve.AgentEvent;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares one {@link EventWatch} among all subscriptions of a client: the stream opens with the
 * first subscription and closes with the last. Thread-safe.
 */
final class EventSubscriptions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscriptions.class);

    private final Supplier<EventWatch> factory;
    private final Duration wait;
    private @Nullable EventWatch watch;
    private int users;
    private boolean closed;

    EventSubscriptions(Supplier<EventWatch> factory, Duration wait) {
        this.factory = factory;
        this.wait = wait;
    }

    AcfClient.Subscription subscribe(Consumer<AgentEvent> listener) {
        return attach(w -> w.addListener(listener), w -> w.removeListener(listener));
    }

    /** Subscribes to grant changes (and reconnections, after which changes may have been missed). */
    AcfClient.Subscription subscribePermissions(Runnable listener) {
        return attach(w -> w.addPermissionListener(listener), w -> w.removePermissionListener(listener));
    }

    private AcfClient.Subscription attach(Consumer<EventWatch> add, Consumer<EventWatch> remove) {
        EventWatch shared;
        boolean fresh;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this AcfClient is closed");
            }
            fresh = watch == null;
            if (fresh) {
                watch = factory.get();
            }
            shared = java.util.Objects.requireNonNull(watch);
            add.accept(shared);
            users++;
        }
        if (fresh) {
            try {
                if (!shared.start(wait)) {
                    LOG.warn("the ANS event stream is not open after {}; still trying in the background", wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new AcfClient.Subscription() {
            private boolean done;

            @Override
            public void close() {
                synchronized (EventSubscriptions.this) {
                    if (done) {
                        return;
                    }
                    done = true;
                    remove.accept(shared);
                    if (--users == 0 && watch == shared) {
                        watch = null;
                        shared.close();
                    }
                }
            }
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }
}
