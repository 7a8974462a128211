package dev.acf.gateway;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.gateway.AsyncFilterChain;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.FilterChain;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.pipeline.ErrorResponses;
import dev.acf.gateway.tls.CallerCertificates;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Gives calls answered before the {@code OBSERVABILITY} stage (a revoked or missing
 * certificate, a policy denial, a bad JSON-RPC body, a third-party filter's refusal) their
 * audit event and metrics too: those filters sit after security by design, so they would
 * never see a refusal. {@link #outer()} runs first in the pipeline, {@link #marker()} first in
 * {@code OBSERVABILITY}; when the answer comes back without the marker having run, the
 * observers are replayed over it. The caller is named from its certificate, since
 * authentication may not have run. An unauthenticated caller's metrics name neither the agent
 * nor the JSON-RPC method it claimed, so that anonymous requests cannot mint meter series.
 * Thread-safe and non-blocking.
 */
final class EarlyAnswers {
    private static final String REACHED = "acf.observed";

    private final GatewayFilter metrics;
    private final @Nullable GatewayFilter audit;
    private final CallerCertificates callers;

    /** Replays metrics, then audit (when there is one), over early answers. */
    EarlyAnswers(GatewayFilter metrics, @Nullable GatewayFilter audit, CallerCertificates callers) {
        this.metrics = metrics;
        this.audit = audit;
        this.callers = callers;
    }

    AsyncGatewayFilter outer() {
        return this::observe;
    }

    AsyncGatewayFilter marker() {
        return (exchange, chain) -> {
            exchange.attribute(REACHED, AtomicBoolean.class).ifPresent(reached -> reached.set(true));
            return chain.proceed(exchange);
        };
    }

    private CompletionStage<Exchange.Response> observe(Exchange exchange, AsyncGatewayFilter.AsyncChain chain) {
        AtomicBoolean reached = new AtomicBoolean();
        return chain.proceed(exchange.withAttribute(REACHED, reached)).handle((answered, failure) -> {
            Exchange.Response response = answered;
            if (failure != null) {
                Throwable cause = AsyncFilterChain.unwrap(failure);
                if (cause instanceof AcfException e && !reached.get()) {
                    // What the pipeline would answer: observe that, not an exception.
                    response = ErrorResponses.of(e, exchange.requestId());
                } else {
                    if (cause instanceof RuntimeException e && !reached.get()) {
                        try {
                            replay(named(exchange), ex -> {
                                throw e;
                            });
                        } catch (RuntimeException replayed) {
                            // The observers recorded the failure and passed it on; the original goes up.
                        }
                    }
                    throw failure instanceof CompletionException c ? c : new CompletionException(cause);
                }
            }
            if (!reached.get()) {
                Exchange.Response answer = response;
                replay(named(exchange), ex -> answer);
            }
            return response;
        });
    }

    private void replay(Exchange exchange, FilterChain.Terminal answer) {
        if (audit == null) {
            FilterChain.of(List.of(metrics), answer).proceed(forMetrics(exchange));
            return;
        }
        // Metrics around audit, as in the pipeline, each with the exchange it may see.
        GatewayFilter audited = (ex, chain) -> FilterChain.of(List.of(audit), answer).proceed(exchange);
        FilterChain.of(List.of(metrics, audited), answer).proceed(forMetrics(exchange));
    }

    private static Exchange forMetrics(Exchange exchange) {
        if (exchange.caller().isAuthenticated()) {
            return exchange;
        }
        Exchange.Request r = exchange.request();
        Map<String, Object> attributes = new HashMap<>(exchange.attributes());
        attributes.remove(ExchangeAttributes.TARGET);
        attributes.remove(ExchangeAttributes.A2A_METHOD);
        return new Exchange(exchange.requestId(), new Exchange.Request(r.method(), "/", r.headers(), Body.empty()), exchange.caller(),
                attributes);
    }

    private Exchange named(Exchange exchange) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        if (peer == null || peer.length == 0 || exchange.caller().isAuthenticated()) {
            return exchange;
        }
        try {
            return exchange.withCaller(callers.identity(peer));
        } catch (AuthenticationException e) {
            return exchange.withCaller(CallerIdentity.anonymous());
        }
    }
}
