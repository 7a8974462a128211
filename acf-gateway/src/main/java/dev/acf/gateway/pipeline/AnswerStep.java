package dev.acf.gateway.pipeline;

import dev.acf.api.gateway.AsyncFilterChain;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A built-in filter whose work around the rest of the chain is one step on the way in and, for
 * most calls, one synchronous step on the answer (tracing, metrics, audit, redaction): the
 * pipeline runs consecutive ones with one completion stage between them and the rest of the
 * chain instead of one each. Each still sees exactly what it saw as a filter of its own: the
 * exchange the filters before it passed, the answer (or failure) of the filters after it, and
 * the answers run from the innermost step out. A call a step cannot begin without waiting (a
 * lookup not cached yet) runs through its {@link #filterAsync} instead. Implementations are
 * thread-safe; {@link #begin} runs on the request's thread, the finish on the thread completing
 * the answer.
 */
public interface AnswerStep extends AsyncGatewayFilter {

    /**
     * Begins this filter's work on a call: the exchange the rest of the chain gets and what is
     * done with its answer, or an answer of the filter's own; {@code null} when this call needs
     * {@link #filterAsync} (it would wait). Never blocks.
     */
    @Nullable Begun begin(Exchange exchange);

    /** What a step does with the answer of the rest of the chain; one object per call, or shared when it keeps no state. */
    interface Finish {
        /** Returns the answer as this filter passes it on (the same one when it only looks); may throw, failing the call. */
        Exchange.Response answered(Exchange.Response response);

        /** Sees a failure of the rest of the chain, which passes on unchanged; the default ignores it. */
        default void failed(Throwable failure) {}
    }

    /**
     * How a step began a call.
     *
     * @param next the exchange the rest of the chain gets
     * @param finish what is done with the answer, {@code null} for nothing
     * @param answer the filter's own answer (the rest of the chain is not called), or {@code null}
     */
    record Begun(Exchange next, @Nullable Finish finish, Exchange.@Nullable Response answer) {
        /** Continues with this exchange, finishing the answer with {@code finish}. */
        public static Begun proceed(Exchange next, @Nullable Finish finish) {
            return new Begun(next, finish, null);
        }

        /** Answers at once; the rest of the chain is not called. */
        public static Begun answer(Exchange exchange, Exchange.Response answer) {
            return new Begun(exchange, null, answer);
        }
    }

    /** Runs a begun step as a filter of its own: what a step's {@link #filterAsync} does with a call {@link #begin} handled. */
    static CompletionStage<Exchange.Response> run(Begun begun, AsyncChain chain) {
        if (begun.answer() != null) {
            return CompletableFuture.completedFuture(begun.answer());
        }
        CompletionStage<Exchange.Response> rest = chain.proceed(begun.next());
        Finish finish = begun.finish();
        return finish == null ? rest : rest.handle((response, failure) -> finish(response, failure, new Finish[] {finish}, 1));
    }

    /**
     * Applies the finishes {@code [0, count)} from the last (the innermost step) to the first, as
     * nested stages would: an answer goes through {@link Finish#answered}, a failure (or what an
     * {@code answered} threw) is shown to the rest and rethrown.
     */
    static Exchange.Response finish(Exchange.@Nullable Response response, @Nullable Throwable failure, Finish[] finishes, int count) {
        Exchange.Response current = response;
        Throwable failed = failure == null && response == null ? new IllegalStateException("the chain completed with null") : failure;
        for (int k = count - 1; k >= 0; k--) {
            if (failed == null) {
                try {
                    current = finishes[k].answered(current);
                } catch (RuntimeException | Error e) {
                    failed = e;
                }
            } else {
                try {
                    finishes[k].failed(failed);
                } catch (RuntimeException e) {
                    // As with a whenComplete action: the call's own failure is the one that counts.
                    Throwable own = AsyncFilterChain.unwrap(failed);
                    if (own != e) {
                        own.addSuppressed(e);
                    }
                }
            }
        }
        if (failed != null) {
            throw failed instanceof CompletionException c ? c : new CompletionException(failed);
        }
        return current;
    }
}
