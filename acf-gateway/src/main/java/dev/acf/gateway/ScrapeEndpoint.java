package dev.acf.gateway;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.gateway.pipeline.ErrorResponses;
import dev.acf.gateway.server.InboundRequest;
import dev.acf.gateway.server.RequestDispatcher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET /metrics}: the gateway's meters in the Prometheus text format, for a scraper. Served
 * on the admin listener, or on the plaintext listener ahead of the filter chain (a scrape is
 * neither audited nor counted as a call). The scrape runs on the executor, off the event loop.
 * Thread-safe.
 */
final class ScrapeEndpoint implements RequestDispatcher {
    /** The scrape path. */
    static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final ErrorCode METHOD_NOT_ALLOWED = new ErrorCode("method_not_allowed", 405);

    private final PrometheusMeterRegistry registry;
    private final Executor executor;

    ScrapeEndpoint(PrometheusMeterRegistry registry, Executor executor) {
        this.registry = registry;
        this.executor = executor;
    }

    /** Returns true for a request this endpoint answers on a shared listener. */
    static boolean matches(InboundRequest request) {
        String path = request.request().path();
        return path.equals(PATH) || path.startsWith(PATH + "?");
    }

    @Override
    public void dispatch(InboundRequest request) {
        String id = request.requestId();
        if (!matches(request)) {
            request.respond(ErrorResponses.of(ErrorCode.NOT_FOUND, "this listener serves " + PATH + " only", id));
            return;
        }
        String method = request.request().method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            request.respond(ErrorResponses.of(METHOD_NOT_ALLOWED, PATH + " answers GET only", id));
            return;
        }
        try {
            executor.execute(() -> request.respond(new Exchange.Response(200, HttpHeaders.of("content-type", CONTENT_TYPE),
                    Body.of(registry.scrape().getBytes(StandardCharsets.UTF_8)))));
        } catch (RejectedExecutionException e) {
            request.respond(ErrorResponses.of(ErrorCode.UNAVAILABLE, "the gateway is shutting down", id));
        }
    }
}
