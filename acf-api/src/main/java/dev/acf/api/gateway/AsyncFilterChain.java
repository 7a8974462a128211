package dev.acf.api.gateway;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link AsyncGatewayFilter}s in order and ends in an asynchronous terminal handler, the
 * counterpart of {@link FilterChain}: a filter that returns {@code null}, throws, or calls
 * {@code proceed()} twice yields an exceptionally completed stage (an
 * {@link IllegalStateException} naming the filter for contract breaches), so {@link #proceed}
 * never throws. Runs each filter on the thread that reaches it: the caller's for the request,
 * the thread completing the terminal's stage for the response. Thread-safe and reusable.
 *
 * <pre>{@code
 * AsyncFilterChain chain = AsyncFilterChain.of(List.of(stamp), exchange -> upstream.callAsync(exchange));
 * chain.proceed(exchange).thenAccept(response -> ...);
 * }</pre>
 */
public final class AsyncFilterChain implements AsyncGatewayFilter.AsyncChain {
    /** The end of the chain: turns an exchange into the stage of its response. */
    @FunctionalInterface
    public interface Terminal {
        /** Handles the exchange that passed every filter. */
        CompletionStage<Exchange.Response> handle(Exchange exchange);
    }

    private final List<AsyncGatewayFilter> filters;
    private final Terminal terminal;
    /** Per filter: whether its stage is passed on without a null check. */
    private final boolean[] trusted;

    private AsyncFilterChain(List<AsyncGatewayFilter> filters, Terminal terminal, boolean[] trusted) {
        this.filters = filters;
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.trusted = trusted;
    }

    /** Returns a chain of these filters, in order, ending in {@code terminal}. */
    public static AsyncFilterChain of(List<AsyncGatewayFilter> filters, Terminal terminal) {
        return of(filters, terminal, filter -> false);
    }

    /**
     * Returns a chain of these filters, in order, ending in {@code terminal}, where the filters
     * {@code trusted} accepts (asked once per filter, here) are known to complete only with a
     * response: their stages are passed on as they are, without the stage a null check adds.
     * The terminal and every other filter are still checked, so a trusted filter that derives its
     * stage from the rest of the chain's never sees a null. For a gateway's own filters; a
     * third-party filter should stay checked.
     */
    public static AsyncFilterChain of(List<AsyncGatewayFilter> filters, Terminal terminal,
            Predicate<? super AsyncGatewayFilter> trusted) {
        List<AsyncGatewayFilter> copy = List.copyOf(filters);
        boolean[] flags = new boolean[copy.size()];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = trusted.test(copy.get(i));
        }
        return new AsyncFilterChain(copy, terminal, flags);
    }

    /** Returns the same filters, trusted alike, ending in another terminal: what a caller building one chain per request reuses. */
    public AsyncFilterChain withTerminal(Terminal newTerminal) {
        return new AsyncFilterChain(filters, newTerminal, trusted);
    }

    /** Returns the failure inside the wrappers {@link CompletableFuture} adds ({@link CompletionException}, {@link ExecutionException}). */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public CompletionStage<Exchange.Response> proceed(Exchange exchange) {
        return step(0, Objects.requireNonNull(exchange, "exchange"));
    }

    private CompletionStage<Exchange.Response> step(int index, Exchange exchange) {
        if (index == filters.size()) {
            CompletionStage<Exchange.Response> stage;
            try {
                stage = terminal.handle(exchange);
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
            return checked(stage, terminal, "terminal handler ");
        }
        AsyncGatewayFilter filter = filters.get(index);
        Next next = new Next(index + 1, filter);
        CompletionStage<Exchange.Response> stage;
        try {
            stage = filter.filterAsync(exchange, next);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
        // A filter that hands back what the rest of the chain returned adds nothing to check: that stage was checked below it.
        return stage != null && (trusted[index] || stage == next.returned) ? stage : checked(stage, filter, "filter ");
    }

    /** The rest of the chain as one filter sees it: one object per step (its flag is whether it was called). */
    @SuppressWarnings("serial")
    private final class Next extends AtomicBoolean implements AsyncGatewayFilter.AsyncChain {
        private final int index;
        private final AsyncGatewayFilter filter;
        /** What proceed returned (already checked); read only to compare, so a stale null merely costs a check. */
        private @Nullable CompletionStage<Exchange.Response> returned;

        Next(int index, AsyncGatewayFilter filter) {
            this.index = index;
            this.filter = filter;
        }

        @Override
        public CompletionStage<Exchange.Response> proceed(Exchange nextExchange) {
            if (!compareAndSet(false, true)) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("filter " + filter.getClass().getName() + " called proceed() twice"));
            }
            if (nextExchange == null) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("filter " + filter.getClass().getName() + " passed a null exchange to proceed()"));
            }
            CompletionStage<Exchange.Response> stage = step(index, nextExchange);
            returned = stage;
            return stage;
        }
    }

    private static CompletionStage<Exchange.Response> checked(@Nullable CompletionStage<Exchange.Response> stage, Object culprit, String role) {
        if (stage == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(role + culprit.getClass().getName() + " returned null"));
        }
        if (stage instanceof CompletableFuture<Exchange.Response> done && done.isDone() && !done.isCompletedExceptionally()
                && done.getNow(null) != null) {
            // Answered already (a refusal, a cached answer): nothing to check later.
            return stage;
        }
        return stage.thenApply(response -> {
            if (response == null) {
                throw new IllegalStateException(role + culprit.getClass().getName() + " completed with null");
            }
            return response;
        });
    }
}
