package dev.acf.gateway.filter;

import dev.acf.api.gateway.Exchange;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.pipeline.AnswerStep;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

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
public final class MetricsFilter implements AnswerStep {
    /** Agents whose target tag is kept; beyond, tags are made per request. */
    private static final int MAX_LABELS = 4096;

    private final GatewayMetrics metrics;
    private final ConcurrentHashMap<AgentName, String> labels = new ConcurrentHashMap<>();

    /** Records into these meters. */
    public MetricsFilter(GatewayMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Returns an agent's target tag, its version-less name, made once per agent (up to a bound). */
    private String label(AgentName target) {
        String label = labels.get(target);
        if (label == null) {
            label = target.withoutVersion().toString();
            if (labels.size() < MAX_LABELS) {
                labels.put(target, label);
            }
        }
        return label;
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        return AnswerStep.run(begin(exchange), chain);
    }

    @Override
    public Begun begin(Exchange exchange) {
        long start = exchange.attribute(ExchangeAttributes.START_NANOS, Long.class).orElseGet(System::nanoTime);
        A2aFacts facts = A2aFacts.of(exchange);
        String method = facts.method() != null ? facts.method() : exchange.request().method();
        String target = facts.target() != null ? label(facts.target()) : "none";
        metrics.requestStarted();
        return Begun.proceed(facts.attach(exchange), new Finish() {
            @Override
            public Exchange.Response answered(Exchange.Response response) {
                metrics.requestFinished(response.status(), method, target, System.nanoTime() - start);
                if (response.status() >= 400) {
                    metrics.error(A2aFacts.outcome(response));
                }
                return response;
            }

            @Override
            public void failed(Throwable failure) {
                metrics.requestFinished(500, method, target, System.nanoTime() - start);
                metrics.error("exception");
            }
        });
    }
}
