package dev.acf.gateway.pipeline;

import dev.acf.api.error.AcfException;
import dev.acf.api.gateway.AsyncFilterChain;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.FilterChain;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's filters in their fixed order: the stages of {@link FilterStage} in declaration
 * order, filters within a stage in the order they were added, the built-in JSON-RPC validation
 * first in {@link FilterStage#INSPECTION}, and the {@link ExchangeHandler} last.
 *
 * <pre>
 *   SECURITY -> QOS -> INSPECTION (validation first) -> OBSERVABILITY -> ROUTING -> handler
 * </pre>
 *
 * <p>A filter's exception becomes an error response: an {@code AcfException} keeps its code
 * and status, anything else is a 500 {@code internal} with no detail (logged with the request
 * id). When every filter is a non-blocking {@link AsyncGatewayFilter}, {@link #runAsync} runs
 * the chain on the calling thread (the connection's event loop) and continues on whatever thread
 * completes the handler's stage; the stages of the gateway's own filters are passed on without a
 * null check (other filters' are checked and named when they complete with null). Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * FilterPipeline pipeline = FilterPipeline.of(Map.of(FilterStage.SECURITY, List.of(authFilter)));
 * Exchange.Response response = pipeline.run(exchange, scope, handler);
 * }</pre>
 */
public final class FilterPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(FilterPipeline.class);

    private final List<GatewayFilter> filters;
    private final boolean validates;
    /** The non-blocking chain, made once (null when a filter may block); each request gives it its terminal. */
    private final @Nullable AsyncFilterChain template;

    private FilterPipeline(List<GatewayFilter> filters, boolean validates) {
        this.filters = List.copyOf(filters);
        this.validates = validates;
        List<AsyncGatewayFilter> async = new ArrayList<>();
        for (GatewayFilter f : this.filters) {
            if (f instanceof AsyncGatewayFilter a && a.nonBlocking()) {
                async.add(a);
            } else {
                async = null;
                break;
            }
        }
        this.template = async == null ? null : AsyncFilterChain.of(fused(async), e -> {
            throw new IllegalStateException("the template chain has no terminal");
        }, FilterPipeline::builtIn);
    }

    /** The filters with each run of two or more consecutive {@link AnswerStep}s as one filter: one completion stage for the run. */
    private static List<AsyncGatewayFilter> fused(List<AsyncGatewayFilter> filters) {
        List<AsyncGatewayFilter> out = new ArrayList<>(filters.size());
        List<AnswerStep> run = new ArrayList<>();
        for (AsyncGatewayFilter f : filters) {
            if (f instanceof AnswerStep step) {
                run.add(step);
                continue;
            }
            flush(run, out);
            out.add(f);
        }
        flush(run, out);
        return out;
    }

    private static void flush(List<AnswerStep> run, List<AsyncGatewayFilter> out) {
        if (run.size() == 1) {
            out.add(run.get(0));
        } else if (!run.isEmpty()) {
            out.add(new AnswerSteps(run));
        }
        run.clear();
    }

    /**
     * The gateway's own filters complete only with what the rest of the chain gave or an answer of
     * their own: their stages need no null check (one stage less per filter and request). Every
     * other filter is checked, and named when it completes with null.
     */
    private static boolean builtIn(AsyncGatewayFilter filter) {
        return filter.getClass().getName().startsWith("dev.acf.gateway.");
    }

    /** Returns the pipeline of these filters by stage, with the built-in validation added. */
    public static FilterPipeline of(Map<FilterStage, List<GatewayFilter>> byStage) {
        return of(byStage, true);
    }

    /**
     * Returns the pipeline of these filters by stage, with the built-in validation first in
     * {@link FilterStage#INSPECTION} when {@code validation} is true.
     */
    public static FilterPipeline of(Map<FilterStage, List<GatewayFilter>> byStage, boolean validation) {
        Map<FilterStage, List<GatewayFilter>> sorted = new EnumMap<>(FilterStage.class);
        sorted.putAll(byStage);
        List<GatewayFilter> all = new ArrayList<>();
        for (FilterStage stage : FilterStage.values()) {
            if (stage == FilterStage.INSPECTION && validation) {
                all.add(new JsonRpcValidation());
            }
            all.addAll(sorted.getOrDefault(stage, List.of()));
        }
        return new FilterPipeline(all, validation);
    }

    /** Returns true when the built-in JSON-RPC validation runs (it then reads the ids of each call once, before the first filter). */
    boolean validates() {
        return validates;
    }

    /** Returns the filters in the order they run. */
    public List<GatewayFilter> filters() {
        return filters;
    }

    /** Returns true when every filter is a non-blocking {@link AsyncGatewayFilter}: {@link #runAsync} may run on an event loop. */
    public boolean nonBlocking() {
        return template != null;
    }

    /**
     * Runs the exchange through every filter to the handler without blocking: the handler's
     * {@link ExchangeHandler#handleAsync} when it answers at once, else its {@link ExchangeHandler#handle}
     * on {@code blocking}. The stage never fails (failures become error responses).
     *
     * @throws IllegalStateException when the pipeline is not {@link #nonBlocking()}
     */
    public CompletionStage<Exchange.Response> runAsync(Exchange exchange, RequestScope scope, ExchangeHandler handler, Executor blocking) {
        AsyncFilterChain chain = template;
        if (chain == null) {
            throw new IllegalStateException("the pipeline has blocking filters");
        }
        return chain.withTerminal(e -> {
            scope.reached(e);
            CompletionStage<Exchange.Response> now = handler.handleAsync(e, scope);
            return now != null ? now : CompletableFuture.supplyAsync(() -> handler.handle(e, scope), blocking);
        }).proceed(exchange).exceptionally(failure -> failed(exchange, AsyncFilterChain.unwrap(failure)));
    }

    private static Exchange.Response failed(Exchange exchange, Throwable failure) {
        if (failure instanceof AcfException e) {
            LOG.debug("request {} failed: {}", exchange.requestId(), e.toString());
            return ErrorResponses.of(e, exchange.requestId());
        }
        LOG.error("request {} failed inside the gateway", exchange.requestId(), failure);
        return ErrorResponses.of(failure, exchange.requestId());
    }

    /** Runs the exchange through every filter to the handler; never throws. */
    public Exchange.Response run(Exchange exchange, RequestScope scope, ExchangeHandler handler) {
        try {
            return FilterChain.of(filters, e -> {
                scope.reached(e);
                return handler.handle(e, scope);
            }).proceed(exchange);
        } catch (AcfException e) {
            LOG.debug("request {} failed: {}", exchange.requestId(), e.toString());
            return ErrorResponses.of(e, exchange.requestId());
        } catch (RuntimeException e) {
            LOG.error("request {} failed inside the gateway", exchange.requestId(), e);
            return ErrorResponses.of(e, exchange.requestId());
        }
    }
}
