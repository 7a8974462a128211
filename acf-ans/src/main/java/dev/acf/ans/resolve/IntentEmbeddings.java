package dev.acf.ans.resolve;

import dev.acf.api.resolve.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The embeddings of an intent's texts, and what is done with each as soon as it exists (the
 * vector search of that text), computed while the searching thread does other work: a helper
 * thread starts on them at once, the searching thread runs the lexical searches (which need no
 * vector) and then takes the texts the helper has not started. A text is embedded once, by
 * whichever thread claims it first, so a busy helper pool never delays the search (the
 * searching thread then does everything itself) and a free core takes half the model runs and
 * the vector searches that follow them. One instance per search; thread-safe between its two
 * threads.
 *
 * @param <T> what each text's vector becomes (the vector itself, or the hits of its search)
 */
final class IntentEmbeddings<T> {
    private final Embedder model;
    private final List<@Nullable String> texts;
    private final Function<float @Nullable [], T> then;
    private final List<CompletableFuture<T>> results;
    private final AtomicInteger next = new AtomicInteger();

    private IntentEmbeddings(Embedder model, List<@Nullable String> texts, Function<float @Nullable [], T> then) {
        this.model = model;
        this.texts = texts;
        this.then = then;
        this.results = new ArrayList<>(texts.size());
        texts.forEach(t -> results.add(new CompletableFuture<>()));
    }

    /**
     * Starts embedding on the helper.
     *
     * @param texts the texts to embed, in order; a null text gets a null vector
     */
    static IntentEmbeddings<float @Nullable []> start(Embedder model, List<@Nullable String> texts, Executor helper) {
        return start(model, texts, v -> v, helper);
    }

    /**
     * Starts embedding on the helper, each vector handed to {@code then} by the thread that
     * computed it, at once.
     *
     * @param texts the texts to embed, in order; a null text gets a null vector
     * @param then what to do with a text's vector (null for a null text); must be thread-safe
     */
    static <T> IntentEmbeddings<T> start(Embedder model, List<@Nullable String> texts, Function<float @Nullable [], T> then, Executor helper) {
        IntentEmbeddings<T> e = new IntentEmbeddings<>(model, java.util.Collections.unmodifiableList(new ArrayList<>(texts)), then);
        try {
            helper.execute(e::work);
        } catch (RejectedExecutionException busy) {
            // The searching thread does everything itself.
        }
        return e;
    }

    /** Does what the helper has not claimed, waits for what it has, and returns the results in text order. */
    List<T> finish() {
        work();
        List<T> out = new ArrayList<>(results.size());
        try {
            results.forEach(v -> out.add(v.join()));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return out;
    }

    /**
     * Claims every text not started and waits for the helper's, ignoring failures: a search that
     * fails elsewhere calls this before it releases the index snapshot the helper may still read.
     */
    void abandon() {
        for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
            results.get(i).cancel(false);
        }
        results.forEach(r -> {
            try {
                r.join();
            } catch (RuntimeException ignored) {
                // The search already fails for another reason.
            }
        });
    }

    private void work() {
        for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
            String text = texts.get(i);
            try {
                results.get(i).complete(then.apply(text == null ? null : model.embed(text)));
            } catch (RuntimeException | Error e) {
                results.get(i).completeExceptionally(e);
            }
        }
    }
}
