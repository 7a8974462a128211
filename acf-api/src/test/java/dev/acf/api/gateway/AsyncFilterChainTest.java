package dev.acf.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class AsyncFilterChainTest {
    private final Exchange exchange = Exchange.of("req-1",
            new Exchange.Request("POST", "/agents/x", HttpHeaders.of("Content-Type", "application/json"), Body.of("{}")));

    private static CompletableFuture<Exchange.Response> ok(Exchange e) {
        return CompletableFuture.completedFuture(new Exchange.Response(200,
                HttpHeaders.of("x-seen-team", e.request().headers().first("x-team").orElse("none")), Body.of("done")));
    }

    @Test
    void filtersRunInOrderAroundAnAnswerThatComesLater() {
        List<String> trace = new ArrayList<>();
        AsyncGatewayFilter first = (e, chain) -> {
            trace.add("first in");
            return chain.proceed(e.withRequest(e.request().withHeader("x-team", "noc"))).thenApply(r -> {
                trace.add("first out");
                return r.withHeader("x-first", "yes");
            });
        };
        AsyncGatewayFilter second = (e, chain) -> {
            trace.add("second in");
            return chain.proceed(e).whenComplete((r, f) -> trace.add("second out"));
        };
        CompletableFuture<Exchange.Response> later = new CompletableFuture<>();

        CompletableFuture<Exchange.Response> response = AsyncFilterChain.of(List.of(first, second), e -> {
            trace.add("terminal");
            return ok(e).thenCompose(r -> later.thenApply(ignored -> r));
        }).proceed(exchange).toCompletableFuture();

        assertThat(trace).containsExactly("first in", "second in", "terminal");
        assertThat(response).isNotDone();
        later.complete(new Exchange.Response(204, HttpHeaders.of("x-late", "yes"), Body.empty()));
        assertThat(trace).containsExactly("first in", "second in", "terminal", "second out", "first out");
        assertThat(response.join().headers().first("x-seen-team")).contains("noc");
        assertThat(response.join().headers().first("x-first")).contains("yes");
    }

    @Test
    void aFilterThatThrowsGivesAFailedStageInsteadOfThrowing() {
        AsyncGatewayFilter broken = (e, chain) -> {
            throw new IllegalArgumentException("boom");
        };

        CompletableFuture<Exchange.Response> response = AsyncFilterChain.of(List.of(broken), AsyncFilterChainTest::ok)
                .proceed(exchange).toCompletableFuture();

        assertThatThrownBy(response::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("boom");
    }

    @Test
    void contractBreachesNameTheFilter() {
        AsyncGatewayFilter twice = (e, chain) -> {
            chain.proceed(e);
            return chain.proceed(e);
        };
        AsyncGatewayFilter nothing = (e, chain) -> null;

        assertThatThrownBy(AsyncFilterChain.of(List.of(twice), AsyncFilterChainTest::ok).proceed(exchange).toCompletableFuture()::join)
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("called proceed() twice");
        assertThatThrownBy(AsyncFilterChain.of(List.of(nothing), AsyncFilterChainTest::ok).proceed(exchange).toCompletableFuture()::join)
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
    }

    @Test
    void anAsyncFilterRunsInASynchronousChainThroughItsFilterMethod() {
        AsyncGatewayFilter stamp = (e, chain) -> chain.proceed(e).thenApply(r -> r.withHeader("x-stamp", "1"));
        GatewayFilter blocking = (e, chain) -> chain.proceed(e.withRequest(e.request().withHeader("x-team", "ops")));

        Exchange.Response response = FilterChain.of(List.of(stamp, blocking), e -> ok(e).join()).proceed(exchange);

        assertThat(response.headers().first("x-stamp")).contains("1");
        assertThat(response.headers().first("x-seen-team")).contains("ops");
    }

    @Test
    void aFailureInASynchronousChainKeepsItsOwnType() {
        AsyncGatewayFilter stamp = (e, chain) -> chain.proceed(e).thenApply(r -> r.withHeader("x-stamp", "1"));

        assertThatThrownBy(() -> FilterChain.of(List.of(stamp), e -> {
            throw new UnsupportedOperationException("down");
        }).proceed(exchange)).isInstanceOf(UnsupportedOperationException.class).hasMessage("down");
    }

    @Test
    void aFilterInsideAPassThroughOneThatCompletesWithNullIsNamed() {
        AsyncGatewayFilter passThrough = (e, chain) -> chain.proceed(e);
        AsyncGatewayFilter empty = (e, chain) -> chain.proceed(e).thenApply(r -> null);

        assertThatThrownBy(AsyncFilterChain.of(List.of(passThrough, empty, passThrough), AsyncFilterChainTest::ok).proceed(exchange)
                .toCompletableFuture()::join)
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("completed with null").hasMessageContaining(empty.getClass().getName());
        assertThatThrownBy(AsyncFilterChain.of(List.of(passThrough), e -> CompletableFuture.supplyAsync(() -> null)).proceed(exchange)
                .toCompletableFuture()::join)
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("terminal handler");
    }

    @Test
    void aTrustedFilterHandsOnItsOwnStageWhileTheTerminalAndOtherFiltersStayChecked() {
        List<CompletionStage<Exchange.Response>> returned = new ArrayList<>();
        AsyncGatewayFilter trusted = (e, chain) -> {
            CompletionStage<Exchange.Response> own = chain.proceed(e).thenApply(r -> r.withHeader("x-own", "1"));
            returned.add(own);
            return own;
        };
        AsyncGatewayFilter empty = (e, chain) -> chain.proceed(e).thenApply(r -> null);
        AsyncFilterChain template = AsyncFilterChain.of(List.of(trusted), e -> {
            throw new IllegalStateException("not this one");
        }, filter -> filter == trusted);

        CompletableFuture<Exchange.Response> later = new CompletableFuture<>();
        CompletionStage<Exchange.Response> answer = template.withTerminal(e -> later).proceed(exchange);
        CompletionStage<Exchange.Response> checked = AsyncFilterChain.of(List.of(trusted), e -> later).proceed(exchange);
        later.complete(new Exchange.Response(200, HttpHeaders.empty(), Body.empty()));

        assertThat(answer).isSameAs(returned.get(0));
        assertThat(answer.toCompletableFuture().join().headers().first("x-own")).contains("1");
        assertThat(checked).isNotSameAs(returned.get(1));
        assertThat(checked.toCompletableFuture().join().headers().first("x-own")).contains("1");
        assertThatThrownBy(template.withTerminal(e -> CompletableFuture.supplyAsync(() -> null)).proceed(exchange)
                .toCompletableFuture()::join)
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining("terminal handler");
        assertThatThrownBy(AsyncFilterChain.of(List.of(trusted, empty), AsyncFilterChainTest::ok, filter -> filter == trusted)
                .proceed(exchange).toCompletableFuture()::join)
                .hasRootCauseInstanceOf(IllegalStateException.class).hasMessageContaining(empty.getClass().getName());
    }
}
