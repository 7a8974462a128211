package dev.acf.gateway.pipeline;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.StreamListener;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.server.InboundRequest;
import dev.acf.gateway.server.RefusalListener;
import dev.acf.gateway.server.RequestDispatcher;
import dev.acf.gateway.server.StreamedBody;
import dev.acf.gateway.server.TransportRefusal;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each request's {@link FilterPipeline}: on the connection's event loop when every filter
 * is non-blocking and the handler knows the request's attributes without blocking (the
 * common routed call), else on the executor (virtual threads by default); at most
 * {@code maxInFlight} at a time; a request beyond that
 * is answered 503 {@code unavailable} at once instead of queueing without bound (and told to the
 * {@link RefusalListener}, since no filter sees it). Thread-safe.
 *
 * <pre>{@code
 * RequestDispatcher dispatcher = new GatewayDispatcher(pipeline, handler, 1024, Executors.newVirtualThreadPerTaskExecutor());
 * }</pre>
 */
public final class GatewayDispatcher implements RequestDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayDispatcher.class);

    private final FilterPipeline pipeline;
    private final ExchangeHandler handler;
    private final Semaphore permits;
    private final Executor executor;
    private final int maxEventBytes;
    private final RefusalListener refusals;

    /** Creates a dispatcher that runs at most {@code maxInFlight} exchanges at once on {@code executor}, with events up to 1 MiB. */
    public GatewayDispatcher(FilterPipeline pipeline, ExchangeHandler handler, int maxInFlight, Executor executor) {
        this(pipeline, handler, maxInFlight, executor, 1024 * 1024);
    }

    /**
     * Creates a dispatcher that runs at most {@code maxInFlight} exchanges at once on {@code executor}.
     *
     * @param maxEventBytes the largest server-sent event parsed for stream listeners; a larger one cuts its stream
     */
    public GatewayDispatcher(FilterPipeline pipeline, ExchangeHandler handler, int maxInFlight, Executor executor, int maxEventBytes) {
        this(pipeline, handler, maxInFlight, executor, maxEventBytes, RefusalListener.NONE);
    }

    /**
     * Creates a dispatcher that runs at most {@code maxInFlight} exchanges at once on {@code executor}
     * and tells {@code refusals} of each request it answers 503 without running it.
     *
     * @param maxEventBytes the largest server-sent event parsed for stream listeners; a larger one cuts its stream
     */
    public GatewayDispatcher(FilterPipeline pipeline, ExchangeHandler handler, int maxInFlight, Executor executor, int maxEventBytes,
            RefusalListener refusals) {
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.permits = new Semaphore(maxInFlight);
        this.executor = Objects.requireNonNull(executor, "executor");
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    @Override
    public void dispatch(InboundRequest inbound) {
        if (!permits.tryAcquire()) {
            refuse(inbound, "the gateway is at its limit of concurrent requests; retry later");
            return;
        }
        if (pipeline.nonBlocking()) {
            Map<String, Object> given;
            try {
                given = handler.attributesNow(inbound.request(), !inbound.peerCertificates().isEmpty());
            } catch (RuntimeException e) {
                given = null;
            }
            if (given != null) {
                runHere(inbound, given);
                return;
            }
        }
        try {
            executor.execute(() -> {
                try {
                    run(inbound);
                } finally {
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            permits.release();
            refuse(inbound, "the gateway is shutting down");
        }
    }

    /** Runs the non-blocking pipeline on this thread (the event loop); the answer is written by whichever thread completes it. */
    private void runHere(InboundRequest inbound, Map<String, Object> given) {
        String id = inbound.requestId();
        RequestScope scope = new RequestScope(id, inbound.secure());
        CompletionStage<Exchange.Response> answer;
        try {
            answer = pipeline.runAsync(exchange(inbound, given), scope, handler, executor);
        } catch (RuntimeException | Error e) {
            LOG.error("request {} failed before its pipeline", id, e);
            answer = CompletableFuture.completedFuture(ErrorResponses.of(new IllegalStateException(), id));
        }
        answer.whenComplete((response, failure) -> {
            try {
                Exchange.Response r = response != null ? response.withHeader("acf-request-id", id)
                        : ErrorResponses.of(new IllegalStateException(), id).withHeader("acf-request-id", id);
                answer(inbound, scope, r);
            } finally {
                permits.release();
            }
        });
    }

    private void refuse(InboundRequest inbound, String message) {
        Exchange.Request r = inbound.request();
        try {
            refusals.refused(new TransportRefusal(inbound.requestId(), ErrorCode.UNAVAILABLE.httpStatus(), ErrorCode.UNAVAILABLE.id(),
                    r.method(), r.path(), inbound.peerCertificates(), r.body().length(), inbound.receivedNanos()));
        } catch (RuntimeException e) {
            LOG.warn("the refusal listener failed on request {}", inbound.requestId(), e);
        }
        inbound.respond(ErrorResponses.of(ErrorCode.UNAVAILABLE, message, inbound.requestId()).withHeader("acf-request-id",
                inbound.requestId()));
    }

    private void run(InboundRequest inbound) {
        String id = inbound.requestId();
        RequestScope scope = new RequestScope(id, inbound.secure());
        Exchange.Response response;
        try {
            Map<String, Object> given = handler.attributes(inbound.request(), !inbound.peerCertificates().isEmpty());
            response = pipeline.run(exchange(inbound, given), scope, handler).withHeader("acf-request-id", id);
        } catch (RuntimeException | Error e) {
            LOG.error("request {} failed before its pipeline", id, e);
            response = ErrorResponses.of(new IllegalStateException(), id);
        }
        answer(inbound, scope, response);
    }

    /** The exchange as the first filter sees it. */
    private Exchange exchange(InboundRequest inbound, Map<String, Object> given) {
        // Set before the first filter, so that a call refused early is audited with what it addressed.
        Exchange.Request request = inbound.request();
        Exchange exchange = new Exchange(inbound.requestId(), request, CallerIdentity.anonymous(), given)
                .withAttribute(ExchangeAttributes.START_NANOS, inbound.receivedNanos());
        if (given.containsKey(ExchangeAttributes.TARGET) && pipeline.validates() && JsonRpcValidation.applies(request)) {
            // One pass over the body for the ids every filter wants and for the validation filter.
            JsonRpcCall call = JsonRpcCall.scan(request.body());
            exchange = JsonRpcValidation.withIds(exchange.withAttribute(JsonRpcValidation.SCANNED, call), call);
        }
        if (!inbound.peerCertificates().isEmpty()) {
            exchange = exchange.withAttribute(ExchangeAttributes.PEER_CERTIFICATES,
                    inbound.peerCertificates().toArray(new X509Certificate[0]));
        }
        return exchange;
    }

    /** Writes the pipeline's answer: whole, or its head with the stream the proxy attached. */
    private void answer(InboundRequest inbound, RequestScope scope, Exchange.Response answer) {
        String id = inbound.requestId();
        Exchange.Response response = answer;
        StreamedBody stream = scope.stream();
        if (stream != null && response.body().isEmpty() && response.status() == scope.streamStatus()) {
            Exchange reached = scope.reached();
            List<StreamListener> listeners;
            try {
                listeners = reached == null ? List.of() : listeners(reached);
            } catch (RuntimeException e) {
                LOG.error("request {}: a filter failed to give its stream listener", id, e);
                stream.cancel();
                inbound.respond(ErrorResponses.of(e, id));
                return;
            }
            if (reached != null && !listeners.isEmpty()) {
                boolean sse = response.headers().first("content-type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/event-stream");
                stream = new StreamHooks(stream, reached, listeners, sse, maxEventBytes);
                if (sse) {
                    // Listeners may change the events' length.
                    response = new Exchange.Response(response.status(), response.headers().without("content-length"), response.body());
                }
            }
            inbound.respondStreaming(response, stream);
        } else {
            if (stream != null) {
                stream.cancel();
            }
            inbound.respond(response);
        }
    }

    /** Returns the filters' listeners in the order the response passes them: the filter nearest the agent first. */
    private List<StreamListener> listeners(Exchange reached) {
        List<GatewayFilter> filters = pipeline.filters();
        List<StreamListener> listeners = new ArrayList<>();
        for (int i = filters.size() - 1; i >= 0; i--) {
            StreamListener listener = filters.get(i).streamListener(reached);
            if (listener != null) {
                listeners.add(listener);
            }
        }
        return listeners;
    }
}
