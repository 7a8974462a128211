package dev.acf.gateway.filter;

import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.gateway.audit.TraceContext;
import dev.acf.gateway.pipeline.AnswerStep;
import java.util.concurrent.CompletionStage;

/**
 * Propagates W3C Trace Context (GW-AUD-1) with the gateway as one hop: a valid incoming
 * {@code traceparent} is continued with a fresh span id, anything else (absent or malformed)
 * starts a new trace — a bad header never fails a request. The hop's {@code traceparent} is
 * set on the request passed on (so the upstream agent sees the gateway as its parent) and on
 * the response; {@code tracestate} is passed on only with a valid incoming parent. The hop is
 * also put in the attribute {@value #TRACE_CONTEXT} for later filters (audit). Stage
 * {@code OBSERVABILITY}, first. Thread-safe and non-blocking.
 *
 * <pre>{@code
 * GatewayFilter tracing = new TracingFilter();
 * }</pre>
 */
public final class TracingFilter implements AnswerStep {
    /** The exchange attribute holding this hop's {@link TraceContext}. */
    public static final String TRACE_CONTEXT = "acf.traceContext";

    /** Creates the filter. */
    public TracingFilter() {}

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        return AnswerStep.run(begin(exchange), chain);
    }

    @Override
    public Begun begin(Exchange exchange) {
        Exchange.Request request = exchange.request();
        var incoming = request.headers().first(TraceContext.TRACEPARENT).flatMap(TraceContext::parse);
        TraceContext hop = incoming.map(TraceContext::child).orElseGet(TraceContext::root);
        String traceparent = hop.format();
        HttpHeaders headers = request.headers().with(TraceContext.TRACEPARENT, traceparent);
        if (incoming.isEmpty()) {
            // Trace state belongs to the trace it came with; a new trace starts without it.
            headers = headers.without(TraceContext.TRACESTATE);
        }
        Exchange traced = exchange.withRequest(new Exchange.Request(request.method(), request.path(), headers, request.body()))
                .withAttribute(TRACE_CONTEXT, hop);
        return Begun.proceed(traced, response -> response.withHeader(TraceContext.TRACEPARENT, traceparent));
    }
}
