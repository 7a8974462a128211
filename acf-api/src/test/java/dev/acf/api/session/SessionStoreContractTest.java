package dev.acf.api.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit of {@link SessionStore}: every implementation, built-in or
 * third-party, extends this class and passes it. Shipped in the {@code acf-api} test-jar.
 * Stores are created with retention generous enough for these tests (at least 1,000 events per
 * session); retention itself is each implementation's own test.
 *
 * <pre>{@code
 * class JdbcSessionStoreTest extends SessionStoreContractTest {
 *     protected SessionStore newStore() { return new JdbcSessionStore(freshDatabase()); }
 *     protected SessionStore reopen(SessionStore closed) { return new JdbcSessionStore(sameDatabase()); }
 * }
 * }</pre>
 */
public abstract class SessionStoreContractTest {
    /** The store under test; a fresh, empty one per test. */
    protected SessionStore store;

    /** Returns a new, empty store. */
    protected abstract SessionStore newStore();

    /**
     * Returns a store over the same data as {@code closed}, which has been closed, to prove
     * durability. Stores that are not durable leave the default, which skips those tests.
     */
    protected SessionStore reopen(SessionStore closed) {
        Assumptions.abort("this store is not durable");
        throw new AssertionError("unreachable");
    }

    @BeforeEach
    public void openStore() {
        store = newStore();
    }

    @AfterEach
    public void closeStore() {
        store.close();
    }

    private static Checkpoint checkpoint(String task, long sequence, String state) {
        return new Checkpoint(task, sequence, state.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    @Test
    public void appendNumbersEachSessionFromOneWithoutGaps() {
        SessionEvent first = store.append("task-1", "message", "{\"n\":1}");
        SessionEvent second = store.append("task-1", "status-update", "{\"n\":2}");
        SessionEvent other = store.append("task-2", "message", "{\"n\":1}");

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(other.sequence()).isEqualTo(1);
        assertThat(second.sessionId()).isEqualTo("task-1");
        assertThat(second.type()).isEqualTo("status-update");
        assertThat(second.data()).isEqualTo("{\"n\":2}");
        assertThat(second.eventId()).isEqualTo("task-1:2");
    }

    @Test
    public void eventsAfterReturnsExactlyTheLaterEventsInOrderUpToTheLimit() {
        for (int i = 1; i <= 10; i++) {
            store.append("task-1", "message", "{\"n\":" + i + "}");
        }

        assertThat(store.eventsAfter("task-1", 0, 100)).extracting(SessionEvent::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(store.eventsAfter("task-1", 4, 3)).extracting(SessionEvent::data)
                .containsExactly("{\"n\":5}", "{\"n\":6}", "{\"n\":7}");
        assertThat(store.eventsAfter("task-1", 10, 100)).isEmpty();
        assertThat(store.eventsAfter("task-1", 99, 100)).isEmpty();
        assertThat(store.eventsAfter("unknown", 0, 100)).isEmpty();
    }

    @Test
    public void aNonPositiveLimitIsRefused() {
        assertThatThrownBy(() -> store.eventsAfter("task-1", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void lastEventIsTheNewestOfItsSession() {
        assertThat(store.lastEvent("task-1")).isEmpty();
        store.append("task-1", "message", "a");
        SessionEvent newest = store.append("task-1", "message", "b");
        store.append("task-2", "message", "c");

        assertThat(store.lastEvent("task-1")).contains(newest);
    }

    @Test
    public void awaitAppendIsTrueOnceTheSessionHasALaterEvent() throws Exception {
        assertThat(store.awaitAppend("task-1", 0, Duration.ofMillis(50))).isFalse();
        store.append("task-1", "message", "a");

        assertThat(store.awaitAppend("task-1", 0, Duration.ofSeconds(5))).isTrue();
        assertThat(store.awaitAppend("task-1", 1, Duration.ofMillis(50))).isFalse();
    }

    @Test
    public void eventDataKeepsLineBreaksAndUnicode() {
        String data = "{\"text\":\"line one\\nline two\"}\nsecond line: caf\u00e9 \u4f60\u597d";
        store.append("task-1", "message", data);

        assertThat(store.eventsAfter("task-1", 0, 10).get(0).data()).isEqualTo(data);
    }

    @Test
    public void concurrentAppendsToOneSessionGetDistinctGapFreeSequences() throws Exception {
        int threads = 4;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Long>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(store.append("shared", "message", thread + ":" + i).sequence());
                    }
                    return mine;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(work)) {
                all.addAll(f.get());
            }

            assertThat(all).doesNotHaveDuplicates().hasSize(threads * each);
            assertThat(all).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, threads * each).boxed().toList());
            assertThat(store.eventsAfter("shared", 0, threads * each)).extracting(SessionEvent::sequence)
                    .isSorted().hasSize(threads * each);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void onlyANewerCheckpointReplacesTheStoredOne() {
        assertThat(store.lastCheckpoint("task-1")).isEmpty();

        assertThat(store.checkpoint(checkpoint("task-1", 3, "three"))).isTrue();
        assertThat(store.checkpoint(checkpoint("task-1", 2, "two"))).isFalse();
        assertThat(store.checkpoint(checkpoint("task-1", 3, "three again"))).isFalse();

        Checkpoint kept = store.lastCheckpoint("task-1").orElseThrow();
        assertThat(kept.sequence()).isEqualTo(3);
        assertThat(new String(kept.state(), StandardCharsets.UTF_8)).isEqualTo("three");

        assertThat(store.checkpoint(checkpoint("task-1", 7, "seven"))).isTrue();
        assertThat(store.lastCheckpoint("task-1").orElseThrow().sequence()).isEqualTo(7);
        assertThat(store.lastCheckpoint("task-2")).isEmpty();
    }

    @Test
    public void tasksOfAContextAreListedInTheOrderTheyJoined() {
        store.link("ctx-1", "task-b");
        store.link("ctx-1", "task-a");
        store.link("ctx-1", "task-b");
        store.link("ctx-2", "task-c");

        assertThat(store.sessions("ctx-1")).containsExactly("task-b", "task-a");
        assertThat(store.sessions("ctx-2")).containsExactly("task-c");
        assertThat(store.sessions("unknown")).isEmpty();
    }

    @Test
    public void removeForgetsEventsCheckpointAndContextLink() {
        store.append("task-1", "message", "a");
        store.checkpoint(checkpoint("task-1", 1, "s"));
        store.link("ctx-1", "task-1");
        store.link("ctx-1", "task-2");
        store.append("task-2", "message", "b");

        store.remove("task-1");

        assertThat(store.eventsAfter("task-1", 0, 10)).isEmpty();
        assertThat(store.lastCheckpoint("task-1")).isEmpty();
        assertThat(store.sessions("ctx-1")).containsExactly("task-2");
        assertThat(store.eventsAfter("task-2", 0, 10)).hasSize(1);
    }

    @Test
    public void closeIsIdempotent() {
        SessionStore extra = newStore();
        extra.close();
        extra.close();
    }

    @Test
    public void eventsCheckpointsAndLinksSurviveReopeningAndNumberingContinues() {
        store.append("task-1", "message", "a");
        store.append("task-1", "message", "b\nwith a second line");
        store.checkpoint(checkpoint("task-1", 2, "state-2"));
        store.link("ctx-1", "task-1");
        store.append("task-2", "message", "gone");
        store.remove("task-2");
        store.close();

        store = reopen(store);

        assertThat(store.eventsAfter("task-1", 0, 10)).extracting(SessionEvent::data).containsExactly("a", "b\nwith a second line");
        assertThat(new String(store.lastCheckpoint("task-1").orElseThrow().state(), StandardCharsets.UTF_8)).isEqualTo("state-2");
        assertThat(store.sessions("ctx-1")).containsExactly("task-1");
        assertThat(store.eventsAfter("task-2", 0, 10)).isEmpty();
        assertThat(store.append("task-1", "message", "c").sequence()).isEqualTo(3);
    }
}
