package dev.acf.api.gateway;

import org.jspecify.annotations.Nullable;

/**
 * A step of the gateway's pipeline around each exchange (GW-PIPE-1), in the shape of
 * OkHttp's interceptors: a filter either answers itself (a denial is a response such as
 * 403 or 429 with the API-4 body, not an exception) or calls {@link Chain#proceed} exactly
 * once and may change what it returns.
 *
 * <pre>
 *   request -> [security] -> [QoS] -> [inspection] -> [audit] -> [routing] -> proxy
 *   response <-    ...    <-  ...  <-      ...     <-   ...   <-    ...    <-
 * </pre>
 *
 * <p>Filters are shared by all requests: thread-safe and non-blocking (do slow work
 * before, cache, or hand it to an executor). Exceptions are for failures of the
 * infrastructure; the gateway turns them into a 500 with no internal detail.
 *
 * <pre>{@code
 * GatewayFilter teamHeader = (exchange, chain) -> {
 *     if (exchange.request().headers().first("x-team").isEmpty()) {
 *         return Exchange.Response.error(403, "permission_denied", "x-team header required");
 *     }
 *     return chain.proceed(exchange).withHeader("x-checked", "yes");
 * };
 * }</pre>
 */
@FunctionalInterface
public interface GatewayFilter {

    /** Handles one exchange: answers it, or proceeds down the chain once. */
    Exchange.Response filter(Exchange exchange, Chain chain);

    /**
     * Returns the listener of this exchange's streamed response body, or {@code null} (the
     * default) for none. Called once per streamed response, after the chain returned, with the
     * exchange as it reached the end of the pipeline; not called when no body is streamed.
     * Return a new listener per call when it keeps state (such as a count).
     */
    default @Nullable StreamListener streamListener(Exchange exchange) {
        return null;
    }

    /** The rest of the pipeline, as seen by one filter. */
    interface Chain {
        /**
         * Passes the (possibly modified) exchange to the next filter and returns its response.
         *
         * @throws IllegalStateException when called a second time by the same filter
         */
        Exchange.Response proceed(Exchange exchange);
    }
}
