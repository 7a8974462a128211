package dev.acf.gateway.pipeline;

import dev.acf.api.gateway.Exchange;
import java.util.Map;

/**
 * The end of the pipeline: what answers an exchange that passed every filter (the proxy,
 * the catalogue). Runs on a virtual thread, so it may block on I/O.
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
}
