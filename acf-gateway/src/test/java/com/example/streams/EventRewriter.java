package com.example.streams;

import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.StreamListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A third-party stream hook that knows only acf-api: counts the events of each streamed
 * response, rewrites the data of the event with id {@code rewriteId}, drops the event with id
 * {@code dropId}, and records what it saw and how each stream ended.
 */
public final class EventRewriter implements GatewayFilter {
    private final @Nullable String rewriteId;
    private final @Nullable String dropId;
    private final AtomicInteger events = new AtomicInteger();
    private final List<String> seenIds = new CopyOnWriteArrayList<>();
    private final List<String> seenData = new CopyOnWriteArrayList<>();
    private final AtomicLong completedBytes = new AtomicLong(-1);
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger chunkBytes = new AtomicInteger();

    /** Creates a hook that rewrites one event and drops another (either may be null). */
    public EventRewriter(@Nullable String rewriteId, @Nullable String dropId) {
        this.rewriteId = rewriteId;
        this.dropId = dropId;
    }

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        return chain.proceed(exchange);
    }

    @Override
    public StreamListener streamListener(Exchange exchange) {
        return new StreamListener() {
            @Override
            public @Nullable SseEvent onEvent(Exchange x, SseEvent event) {
                events.incrementAndGet();
                seenIds.add(String.valueOf(event.id()));
                seenData.add(String.valueOf(event.data()));
                if (event.id() != null && event.id().equals(dropId)) {
                    return null;
                }
                if (event.id() != null && event.id().equals(rewriteId)) {
                    return event.withData("{\"redacted\":true}");
                }
                return event;
            }

            @Override
            public void onChunk(Exchange x, byte[] chunk) {
                chunkBytes.addAndGet(chunk.length);
            }

            @Override
            public void onComplete(Exchange x, long bytes, @Nullable Throwable failure) {
                if (failure != null) {
                    failures.add(failure);
                }
                completedBytes.set(bytes);
            }
        };
    }

    /** Returns the number of events seen. */
    public int events() {
        return events.get();
    }

    /** Returns the ids of the events seen, in order. */
    public List<String> seenIds() {
        return List.copyOf(seenIds);
    }

    /** Returns the data of the events seen, in order. */
    public List<String> seenData() {
        return List.copyOf(seenData);
    }

    /** Returns the byte count of the last completed stream, or -1 before one completed. */
    public long completedBytes() {
        return completedBytes.get();
    }

    /** Returns the failures streams ended with. */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Returns the bytes seen by onChunk. */
    public int chunkBytes() {
        return chunkBytes.get();
    }
}
