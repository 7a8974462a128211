package dev.acf.api.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A {@link GatewayFilter} that continues asynchronously: {@link #filterAsync} returns at once
 * with the stage of its response, so that the gateway can run a chain made only of such filters
 * on the connection's event loop, with no thread hop and no parked thread per request. A
 * filter that never blocks (no I/O, no lock held long, no waiting) says so with
 * {@link #nonBlocking()}; a filter that must wait for something hands that wait to another
 * thread and completes its stage from there.
 *
 * <p>Every other {@code GatewayFilter} is taken as blocking: a chain with one of them runs on
 * virtual threads as before, where this filter is called through {@link #filter}.
 *
 * <pre>{@code
 * AsyncGatewayFilter stamp = (exchange, chain) -> chain.proceed(exchange)
 *         .thenApply(response -> response.withHeader("x-stamp", "1"));
 * }</pre>
 */
@FunctionalInterface
public interface AsyncGatewayFilter extends GatewayFilter {

    /**
     * Handles one exchange: answers it (a completed stage), or proceeds down the chain once and
     * returns a stage derived from what {@link AsyncChain#proceed} returned. The stage may
     * complete on another thread than the caller's. A stage completed exceptionally is a failure
     * of the infrastructure, as an exception of {@link #filter}.
     */
    CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain);

    /**
     * Returns true (the default) when {@link #filterAsync} never blocks its calling thread, so it
     * may run on an event loop; a filter that blocks in some configurations returns false for them.
     */
    default boolean nonBlocking() {
        return true;
    }

    /** Runs {@link #filterAsync} with the synchronous chain and waits for its stage: what a chain of blocking filters calls. */
    @Override
    default Exchange.Response filter(Exchange exchange, Chain chain) {
        CompletionStage<Exchange.Response> stage = filterAsync(exchange, next -> {
            try {
                return CompletableFuture.completedFuture(chain.proceed(next));
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = AsyncFilterChain.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The rest of the pipeline, as seen by one asynchronous filter. */
    @FunctionalInterface
    interface AsyncChain {
        /**
         * Passes the (possibly modified) exchange to the next filter and returns the stage of its
         * response; never throws (a failure is an exceptionally completed stage).
         */
        CompletionStage<Exchange.Response> proceed(Exchange exchange);
    }
}
