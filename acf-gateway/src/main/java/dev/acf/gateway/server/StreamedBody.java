package dev.acf.gateway.server;

import io.netty.channel.Channel;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A response body that flows to the client piece by piece (an SSE stream, a large
 * download), written by its source directly to the client channel. The source must honour
 * the channel's writability (stop reading its own input while the client is slow) and end
 * the body with a {@code LastHttpContent}.
 */
public interface StreamedBody {

    /**
     * Starts writing {@code HttpContent}s to {@code client}; {@code done} gets {@code null}
     * after the last content is written, or the failure that cut the stream. Called once, on
     * the client channel's event loop.
     */
    void pipe(Channel client, Consumer<@Nullable Throwable> done);

    /**
     * Makes every later piece pass through {@code transform} before it is written; called at most
     * once, before {@link #pipe}. A source that cannot transform refuses with {@code UnsupportedOperationException}.
     */
    default void transform(ChunkTransform transform) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot transform its body");
    }

    /** Tells the source the client channel became writable again; on the client's event loop. */
    void clientWritable();

    /** Stops the stream because the client went away; releases what the source holds. */
    void cancel();
}
