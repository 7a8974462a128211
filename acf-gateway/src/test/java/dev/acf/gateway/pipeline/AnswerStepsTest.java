package dev.acf.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.gateway.AsyncFilterChain;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.security.CallerIdentity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Consecutive answer steps share one stage and still see what each saw as a filter of its own. */
class AnswerStepsTest {
    private static final Exchange.Response OK = new Exchange.Response(200, HttpHeaders.empty(), Body.of("ok"));

    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** Stamps the request on the way in and the answer on the way out with its name; records failures it sees. */
    private final class Stamp implements AnswerStep {
        private final String name;
        private final boolean waits;

        Stamp(String name, boolean waits) {
            this.name = name;
            this.waits = waits;
        }

        @Override
        public @Nullable Begun begin(Exchange exchange) {
            if (waits) {
                return null;
            }
            seen.add("in " + name + " after " + exchange.request().headers().first("x-in").orElse("-"));
            return Begun.proceed(stamped(exchange), finish());
        }

        private Exchange stamped(Exchange exchange) {
            Exchange.Request r = exchange.request();
            return exchange.withRequest(new Exchange.Request(r.method(), r.path(), r.headers().with("x-in", name), r.body()));
        }

        private Finish finish() {
            return new Finish() {
                @Override
                public Exchange.Response answered(Exchange.Response response) {
                    seen.add("out " + name + " after " + response.headers().first("x-out").orElse("-"));
                    if (name.equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return response.withHeader("x-out", name);
                }

                @Override
                public void failed(Throwable failure) {
                    seen.add("failed " + name + ": " + AsyncFilterChain.unwrap(failure).getMessage());
                }
            };
        }

        @Override
        public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
            // The waiting path: a stage of its own, completed later.
            seen.add("in " + name + " (own stage)");
            return CompletableFuture.supplyAsync(() -> stamped(exchange)).thenCompose(chain::proceed)
                    .thenApply(finish()::answered);
        }
    }

    private static Exchange exchange() {
        return new Exchange("r-1", new Exchange.Request("POST", "/agents/x", HttpHeaders.empty(), Body.of("{}")),
                CallerIdentity.anonymous(), Map.of());
    }

    private Exchange.Response run(AsyncFilterChain.Terminal terminal, Stamp... steps) {
        return AsyncFilterChain.of(List.of(new AnswerSteps(List.of(steps))), terminal).proceed(exchange()).toCompletableFuture().join();
    }

    @Test
    void eachStepSeesThePreviousStepsExchangeAndTheInnerStepsAnswer() {
        Exchange.Response answer = run(e -> {
            seen.add("terminal after " + e.request().headers().first("x-in").orElse("-"));
            return CompletableFuture.completedFuture(OK);
        }, new Stamp("a", false), new Stamp("b", false), new Stamp("c", false));

        assertThat(answer.headers().first("x-out")).contains("a");
        assertThat(seen).containsExactly("in a after -", "in b after a", "in c after b", "terminal after c",
                "out c after -", "out b after c", "out a after b");
    }

    @Test
    void aFailureReachesEveryStepAndPassesOn() {
        CompletableFuture<Exchange.Response> answer = AsyncFilterChain.of(List.of(new AnswerSteps(List.of(new Stamp("a", false),
                new Stamp("b", false)))), e -> CompletableFuture.failedFuture(new IllegalArgumentException("down")))
                .proceed(exchange()).toCompletableFuture();

        assertThat(answer).isCompletedExceptionally();
        assertThat(seen).containsExactly("in a after -", "in b after a", "failed b: down", "failed a: down");
    }

    @Test
    void anAnswerStepThatThrowsFailsTheStepsOutsideIt() {
        CompletableFuture<Exchange.Response> answer = AsyncFilterChain.of(List.of(new AnswerSteps(List.of(new Stamp("a", false),
                new Stamp("boom", false), new Stamp("c", false)))), e -> CompletableFuture.completedFuture(OK))
                .proceed(exchange()).toCompletableFuture();

        assertThat(answer).isCompletedExceptionally();
        assertThat(seen).containsExactly("in a after -", "in boom after a", "in c after boom", "out c after -", "out boom after c",
                "failed a: boom");
    }

    @Test
    void aStepThatMustWaitRunsAsItsOwnFilterAndTheStepsAfterItContinueInsideIt() {
        Exchange.Response answer = run(e -> {
            seen.add("terminal after " + e.request().headers().first("x-in").orElse("-"));
            return CompletableFuture.completedFuture(OK);
        }, new Stamp("a", false), new Stamp("w", true), new Stamp("c", false));

        assertThat(answer.headers().first("x-out")).contains("a");
        assertThat(seen).containsExactly("in a after -", "in w (own stage)", "in c after w", "terminal after c",
                "out c after -", "out w after c", "out a after w");
    }
}
