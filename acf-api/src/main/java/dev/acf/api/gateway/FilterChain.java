package dev.acf.api.gateway;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs filters in order and ends in a terminal handler (the proxy, or a stub in a test),
 * enforcing the {@link GatewayFilter} contract with messages that name the culprit:
 * a filter that returns {@code null} or calls {@code proceed()} twice fails with an
 * {@link IllegalStateException}. Thread-safe and reusable: each {@link #proceed} call
 * walks its own chain.
 *
 * <pre>{@code
 * FilterChain chain = FilterChain.of(List.of(authFilter, myFilter), exchange -> upstream.call(exchange));
 * Exchange.Response response = chain.proceed(exchange);
 * }</pre>
 */
public final class FilterChain implements GatewayFilter.Chain {
    /** The end of the chain: turns an exchange into a response. */
    @FunctionalInterface
    public interface Terminal {
        /** Handles the exchange that passed every filter. */
        Exchange.Response handle(Exchange exchange);
    }

    private final List<GatewayFilter> filters;
    private final Terminal terminal;

    private FilterChain(List<GatewayFilter> filters, Terminal terminal) {
        this.filters = List.copyOf(filters);
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /** Returns a chain of these filters, in order, ending in {@code terminal}. */
    public static FilterChain of(List<GatewayFilter> filters, Terminal terminal) {
        return new FilterChain(filters, terminal);
    }

    @Override
    public Exchange.Response proceed(Exchange exchange) {
        return step(0, Objects.requireNonNull(exchange, "exchange"));
    }

    private Exchange.Response step(int index, Exchange exchange) {
        if (index == filters.size()) {
            Exchange.Response response = terminal.handle(exchange);
            if (response == null) {
                throw new IllegalStateException("terminal handler " + terminal.getClass().getName() + " returned null");
            }
            return response;
        }
        GatewayFilter filter = filters.get(index);
        AtomicBoolean called = new AtomicBoolean();
        GatewayFilter.Chain next = nextExchange -> {
            if (!called.compareAndSet(false, true)) {
                throw new IllegalStateException("filter " + filter.getClass().getName() + " called proceed() twice");
            }
            return step(index + 1, Objects.requireNonNull(nextExchange,
                    () -> "filter " + filter.getClass().getName() + " passed a null exchange to proceed()"));
        };
        Exchange.Response response = filter.filter(exchange, next);
        if (response == null) {
            throw new IllegalStateException("filter " + filter.getClass().getName() + " returned null");
        }
        return response;
    }
}
