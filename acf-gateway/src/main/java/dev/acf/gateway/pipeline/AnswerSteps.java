package dev.acf.gateway.pipeline;

import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consecutive {@link AnswerStep}s of the non-blocking pipeline run as one filter: each begins
 * in order, then one completion stage applies their finishes from the innermost out. A step that
 * cannot begin a call without waiting runs as a filter of its own, the steps after it continuing
 * inside its chain. Immutable and thread-safe.
 */
final class AnswerSteps implements AsyncGatewayFilter {
    private final AnswerStep[] steps;

    AnswerSteps(List<AnswerStep> steps) {
        this.steps = steps.toArray(AnswerStep[]::new);
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        return from(0, exchange, chain);
    }

    private CompletionStage<Exchange.Response> from(int first, Exchange exchange, AsyncChain chain) {
        AnswerStep.Finish[] finishes = null;
        int count = 0;
        Exchange current = exchange;
        CompletionStage<Exchange.Response> stage = null;
        for (int i = first; i < steps.length && stage == null; i++) {
            AnswerStep.Begun begun;
            try {
                begun = steps[i].begin(current);
            } catch (RuntimeException | Error e) {
                stage = CompletableFuture.failedFuture(e);
                break;
            }
            if (begun == null) {
                int next = i + 1;
                Exchange at = current;
                try {
                    stage = steps[i].filterAsync(at, rest -> from(next, rest, chain));
                } catch (RuntimeException | Error e) {
                    stage = CompletableFuture.failedFuture(e);
                }
                if (stage == null) {
                    stage = CompletableFuture.failedFuture(new IllegalStateException("filter " + steps[i].getClass().getName() + " returned null"));
                }
            } else if (begun.answer() != null) {
                stage = CompletableFuture.completedFuture(begun.answer());
            } else {
                if (begun.finish() != null) {
                    if (finishes == null) {
                        finishes = new AnswerStep.Finish[steps.length - first];
                    }
                    finishes[count++] = begun.finish();
                }
                current = begun.next();
            }
        }
        if (stage == null) {
            stage = chain.proceed(current);
        }
        if (count == 0) {
            return stage;
        }
        AnswerStep.Finish[] all = finishes;
        int n = count;
        return stage.handle((response, failure) -> AnswerStep.finish(response, failure, all, n));
    }

    @Override
    public String toString() {
        return "AnswerSteps" + List.of(steps);
    }
}
