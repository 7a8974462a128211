package dev.acf.gateway.pipeline;

import dev.acf.api.error.LimitExceededException;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.SseParser;
import dev.acf.api.gateway.StreamListener;
import dev.acf.gateway.server.ChunkTransform;
import dev.acf.gateway.server.StreamedBody;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed body run through the filters' {@link StreamListener}s: an event stream is parsed,
 * each event passed through every listener in turn and written back in the wire format (what
 * one listener drops, the next does not see); another body is shown to {@code onChunk} as is.
 * Each upstream piece becomes at most one client write, so ordering and back-pressure are
 * those of the source. Called by the source one piece at a time on its event loop.
 */
final class StreamHooks implements StreamedBody, ChunkTransform, SseParser.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHooks.class);

    private final StreamedBody source;
    private final Exchange exchange;
    private final List<StreamListener> listeners;
    private final @Nullable SseParser parser;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long bytes;

    /**
     * @param listeners in the order they see the body
     * @param sse whether the body is a {@code text/event-stream}
     * @param maxEventBytes the largest event parsed; a larger one cuts the stream
     */
    StreamHooks(StreamedBody source, Exchange exchange, List<StreamListener> listeners, boolean sse, int maxEventBytes) {
        this.source = source;
        this.exchange = exchange;
        this.listeners = List.copyOf(listeners);
        this.parser = sse ? new SseParser(maxEventBytes, this) : null;
        source.transform(this);
    }

    @Override
    public void pipe(Channel client, Consumer<@Nullable Throwable> done) {
        source.pipe(client, failure -> {
            for (StreamListener listener : listeners) {
                try {
                    listener.onComplete(exchange, bytes, failure);
                } catch (RuntimeException e) {
                    LOG.warn("request {}: stream listener {} failed on completion", exchange.requestId(), listener.getClass().getName(), e);
                }
            }
            done.accept(failure);
        });
    }

    @Override
    public byte[] apply(byte[] chunk, boolean last) {
        SseParser sse = parser;
        if (sse == null) {
            for (StreamListener listener : listeners) {
                call(listener, () -> listener.onChunk(exchange, chunk));
            }
            bytes += chunk.length;
            return chunk;
        }
        out.reset();
        try {
            sse.feed(chunk);
        } catch (LimitExceededException e) {
            LOG.warn("request {}: event stream cut: {}", exchange.requestId(), e.getMessage());
            throw e;
        }
        if (last && !sse.idle()) {
            // What a client would discard as well: an event without its closing blank line.
            LOG.debug("request {}: event stream ended inside an event; the partial event is dropped", exchange.requestId());
        }
        byte[] result = out.toByteArray();
        bytes += result.length;
        return result;
    }

    @Override
    public void event(SseEvent event) {
        SseEvent current = event;
        for (StreamListener listener : listeners) {
            SseEvent seen = current;
            SseEvent[] next = new SseEvent[1];
            call(listener, () -> next[0] = listener.onEvent(exchange, seen));
            current = next[0];
            if (current == null) {
                return;
            }
        }
        out.writeBytes(current.toWire());
    }

    @Override
    public void comment(String text) {
        out.writeBytes((":" + text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void call(StreamListener listener, Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.error("request {}: stream listener {} failed; the stream is cut", exchange.requestId(), listener.getClass().getName(), e);
            throw e;
        }
    }

    @Override
    public void clientWritable() {
        source.clientWritable();
    }

    @Override
    public void cancel() {
        source.cancel();
    }
}
