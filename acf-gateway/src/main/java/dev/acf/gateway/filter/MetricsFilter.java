package dev.acf.gateway.filter;

import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.audit.GatewayMetrics;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Records every exchange in {@link GatewayMetrics}: in flight while later stages run, then
 * count and latency by status, A2A method (HTTP method when none) and target agent
 * (version-less, {@code none} when the request addresses no agent), and an error by cause for
 * every 4xx/5xx or exception. Latency runs from {@link ExchangeAttributes#START_NANOS} when the
 * transport set it, else from this filter. Stage {@code OBSERVABILITY}. Thread-safe and
 * non-blocking.
 *
 * <pre>{@code
 * GatewayFilter metrics = new MetricsFilter(new GatewayMetrics(registry));
 * }</pre>
 */
public final class MetricsFilter implements AsyncGatewayFilter {
    private final GatewayMetrics metrics;

    /** Records into these meters. */
    public MetricsFilter(GatewayMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        long start = exchange.attribute(ExchangeAttributes.START_NANOS, Long.class).orElseGet(System::nanoTime);
        A2aFacts facts = A2aFacts.of(exchange);
        String method = facts.method() != null ? facts.method() : exchange.request().method();
        String target = facts.target() != null ? facts.target().withoutVersion().toString() : "none";
        metrics.requestStarted();
        return chain.proceed(facts.attach(exchange)).whenComplete((response, failure) -> {
            if (response == null) {
                metrics.requestFinished(500, method, target, System.nanoTime() - start);
                metrics.error("exception");
                return;
            }
            metrics.requestFinished(response.status(), method, target, System.nanoTime() - start);
            if (response.status() >= 400) {
                metrics.error(A2aFacts.outcome(response));
            }
        });
    }
}
