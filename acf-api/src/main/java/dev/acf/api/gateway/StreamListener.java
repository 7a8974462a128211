package dev.acf.api.gateway;

import org.jspecify.annotations.Nullable;

/**
 * Sees the body of one streamed response (GW-PIPE-1's per-SSE-event and streamed-body hooks),
 * which filters otherwise see only as status and headers. A {@link GatewayFilter} registers one
 * per exchange by overriding {@link GatewayFilter#streamListener}; the gateway asks each filter
 * when a response it passed on is streamed to the client.
 *
 * <p>For a {@code text/event-stream} response the gateway parses the body into events (each at
 * most the gateway's aggregation limit; a larger one cuts the stream, logged as a warning), calls
 * {@link #onEvent} of every listener in the order the response passes the filters (the filter
 * nearest the agent first, each seeing what the previous one returned), and writes what is
 * left in the wire format; comment lines pass unchanged. Any other streamed body goes to
 * {@link #onChunk} unchanged. Events and chunks keep their order and the client's back-pressure.
 *
 * <p>The methods of one listener are called one at a time, from a Netty event loop: they must
 * be quick and must not block. An exception from a listener cuts the stream (logged with the
 * request id): a policy that fails does not let the rest through unchecked.
 *
 * <pre>{@code
 * GatewayFilter redact = new GatewayFilter() {
 *     public Exchange.Response filter(Exchange exchange, Chain chain) { return chain.proceed(exchange); }
 *     public StreamListener streamListener(Exchange exchange) {
 *         return new StreamListener() {
 *             public SseEvent onEvent(Exchange x, SseEvent e) {
 *                 return e.data() == null ? e : e.withData(e.data().replace("secret", "***"));
 *             }
 *         };
 *     }
 * };
 * }</pre>
 */
public interface StreamListener {

    /**
     * Sees one event of an event stream and returns what the client gets instead: the same
     * event, a changed one, or {@code null} to drop it.
     */
    default @Nullable SseEvent onEvent(Exchange exchange, SseEvent event) {
        return event;
    }

    /** Sees one piece of a streamed body that is not an event stream; observe only. */
    default void onChunk(Exchange exchange, byte[] chunk) {}

    /**
     * Called once when the stream ends.
     *
     * @param bytes the body bytes written to the client (after every listener's changes)
     * @param failure why the stream was cut (the agent or client failed, a listener threw), or {@code null}
     *     when it ended normally
     */
    default void onComplete(Exchange exchange, long bytes, @Nullable Throwable failure) {}
}
