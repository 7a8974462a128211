package dev.acf.gateway.proxy;

import dev.acf.gateway.server.StreamedBody;
import org.jspecify.annotations.Nullable;

/**
 * The streamed body of an agent's answer, read by the gateway itself rather than piped to a
 * client (the session relay reads event streams this way, so it can number, keep and re-route
 * them). Reading starts paused-free; {@link #pause()} and {@link #resume()} turn upstream reading
 * off and on (back-pressure), and time spent paused does not count as the stream being idle.
 * Thread-safe: each method hops to the upstream connection's event loop.
 */
public interface UpstreamStream extends StreamedBody {

    /**
     * Starts delivering the body to {@code reader}, on the upstream event loop, one piece at a time.
     * Called at most once, and instead of {@code pipe}.
     */
    void read(Reader reader);

    /** Stops reading from the agent until {@link #resume()}. */
    void pause();

    /** Reads from the agent again. */
    void resume();

    /** Drops the body and the connection (the agent's stream is no longer wanted). */
    void cancel();

    /**
     * Receives the body; called on the upstream event loop, never concurrently (when that loop has
     * already stopped, {@link #end} is called at once on the thread that asked to read).
     */
    interface Reader {
        /** One piece of the body, in order. */
        void chunk(byte[] bytes);

        /**
         * Called once when the body ended: {@code null} after its last piece, else why it was cut
         * (connection reset or closed early, no progress within the stream idle timeout, cancelled).
         */
        void end(@Nullable Throwable failure);
    }
}
