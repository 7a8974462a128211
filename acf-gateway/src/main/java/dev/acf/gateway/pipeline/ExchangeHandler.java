package dev.acf.gateway.pipeline;

import dev.acf.api.gateway.Exchange;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The end of the pipeline: what answers an exchange that passed every filter (the proxy,
 * the catalogue). {@link #handle} runs on a virtual thread, so it may block on I/O;
 * {@link #handleAsync} and {@link #attributesNow} run on an event loop and must not.
 */
public interface ExchangeHandler {

    /** Answers the exchange; a streamed body is attached to {@code scope} with an empty-bodied response. */
    Exchange.Response handle(Exchange exchange, RequestScope scope);

    /**
     * Returns attributes known before the first filter runs, such as the addressed agent; runs
     * on the request's virtual thread, so it may resolve (cached) names.
     *
     * @param certified whether the caller presented a TLS client certificate
     */
    default Map<String, Object> attributes(Exchange.Request request, boolean certified) {
        return Map.of();
    }

    /**
     * Answers the exchange without blocking when it can (the common routed call whose route is
     * known): the stage of the response; or {@code null} when it cannot, and {@link #handle} must
     * run on a virtual thread instead. Called on an event loop.
     */
    default @Nullable CompletionStage<Exchange.Response> handleAsync(Exchange exchange, RequestScope scope) {
        return null;
    }

    /**
     * Returns the same as {@link #attributes} when that needs no blocking work (names already
     * resolved), else {@code null}. Called on an event loop.
     */
    default @Nullable Map<String, Object> attributesNow(Exchange.Request request, boolean certified) {
        return null;
    }
}
