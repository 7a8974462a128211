package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.resolve.Embedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class IntentEmbeddingsTest {
    /** A model whose vector is the text's length, and which records the threads it ran on. */
    private static final class LengthModel implements Embedder {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public String modelId() {
            return "length";
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public float[] embed(String text) {
            threads.add(Thread.currentThread().getName());
            if (text.equals("fail")) {
                throw new IllegalStateException("model failed");
            }
            return new float[] {text.length()};
        }
    }

    @Test
    void vectorsComeBackInTextOrderWhicheverThreadEmbedsThem() {
        LengthModel model = new LengthModel();
        List<String> texts = new ArrayList<>(Arrays.asList("a", "bb", null, "dddd"));
        try (ExecutorService helper = Executors.newSingleThreadExecutor()) {
            List<float[]> vectors = IntentEmbeddings.start(model, texts, helper).finish();

            assertThat(vectors).hasSize(4);
            assertThat(vectors.get(0)).containsExactly(1f);
            assertThat(vectors.get(1)).containsExactly(2f);
            assertThat(vectors.get(2)).isNull();
            assertThat(vectors.get(3)).containsExactly(4f);
        }
    }

    @Test
    void aHelperThatNeverRunsLeavesEveryTextToTheSearchingThread() {
        LengthModel model = new LengthModel();

        List<float[]> vectors = IntentEmbeddings.start(model, List.of("a", "bb", "ccc"), task -> {}).finish();

        assertThat(vectors).extracting(v -> v[0]).containsExactly(1f, 2f, 3f);
        assertThat(model.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aFailingModelFailsTheSearchWithItsOwnException() {
        try (ExecutorService helper = Executors.newSingleThreadExecutor()) {
            assertThatThrownBy(() -> IntentEmbeddings.start(new LengthModel(), List.of("ok", "fail"), helper).finish())
                    .isInstanceOf(IllegalStateException.class).hasMessage("model failed");
        }
    }

    @Test
    void eachVectorIsHandedOnAtOnceByTheThreadThatComputedIt() {
        LengthModel model = new LengthModel();
        Set<String> searchedOn = ConcurrentHashMap.newKeySet();
        try (ExecutorService helper = Executors.newSingleThreadExecutor()) {
            List<String> searched = IntentEmbeddings.start(model, List.of("a", "bb", "ccc"), v -> {
                searchedOn.add(Thread.currentThread().getName());
                return "searched " + (int) v[0];
            }, helper).finish();

            assertThat(searched).containsExactly("searched 1", "searched 2", "searched 3");
            assertThat(searchedOn).isEqualTo(model.threads);
        }
    }

    @Test
    void abandoningLeavesTheTextsNotStartedUndone() {
        LengthModel model = new LengthModel();

        IntentEmbeddings.start(model, List.of("a", "bb"), task -> {}).abandon();

        assertThat(model.threads).isEmpty();
    }
}
