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
     * Returns attributes known from the request line alone (such as the addressed agent),
     * set before the first filter runs; must not block.
     */
    default Map<String, Object> attributes(Exchange.Request request) {
        return Map.of();
    }
}
