package dev.acf.ans.resolve;

import dev.acf.api.resolve.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The embeddings of an intent's texts, computed while the searching thread does other work:
 * a helper thread starts on them at once, the searching thread runs the lexical searches (which
 * need no vector) and then takes the texts the helper has not started. A text is embedded once,
 * by whichever thread claims it first, so a busy helper pool never delays the search (the
 * searching thread then embeds everything itself) and a free core takes half the model runs.
 * One instance per search; thread-safe between its two threads.
 */
final class IntentEmbeddings {
    private final Embedder model;
    private final List<@Nullable String> texts;
    private final List<CompletableFuture<float @Nullable []>> vectors;
    private final AtomicInteger next = new AtomicInteger();

    private IntentEmbeddings(Embedder model, List<@Nullable String> texts) {
        this.model = model;
        this.texts = texts;
        this.vectors = new ArrayList<>(texts.size());
        texts.forEach(t -> vectors.add(new CompletableFuture<>()));
    }

    /**
     * Starts embedding on the helper.
     *
     * @param texts the texts to embed, in order; a null text gets a null vector
     */
    static IntentEmbeddings start(Embedder model, List<@Nullable String> texts, Executor helper) {
        IntentEmbeddings e = new IntentEmbeddings(model, java.util.Collections.unmodifiableList(new ArrayList<>(texts)));
        try {
            helper.execute(e::work);
        } catch (RejectedExecutionException busy) {
            // The searching thread embeds everything itself.
        }
        return e;
    }

    /** Embeds what the helper has not claimed, waits for what it has, and returns the vectors in order. */
    List<float @Nullable []> finish() {
        work();
        List<float @Nullable []> out = new ArrayList<>(vectors.size());
        try {
            vectors.forEach(v -> out.add(v.join()));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return out;
    }

    private void work() {
        for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
            String text = texts.get(i);
            try {
                vectors.get(i).complete(text == null ? null : model.embed(text));
            } catch (RuntimeException | Error e) {
                vectors.get(i).completeExceptionally(e);
            }
        }
    }
}
