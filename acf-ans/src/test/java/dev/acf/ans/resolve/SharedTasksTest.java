package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SharedTasksTest {
    /** Tasks returning their own number, recording the threads they ran on. */
    private static List<Supplier<Integer>> numbered(int n, Set<String> threads) {
        List<Supplier<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int own = i;
            tasks.add(() -> {
                threads.add(Thread.currentThread().getName());
                return own;
            });
        }
        return tasks;
    }

    @Test
    void resultsComeBackInTaskOrderWhicheverThreadRunsThem() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (ExecutorService helper = Executors.newSingleThreadExecutor()) {
            assertThat(SharedTasks.start(numbered(5, threads), helper).finish()).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void aHelperThatNeverRunsLeavesEveryTaskToTheSearchingThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        List<Integer> results = SharedTasks.start(numbered(3, threads), task -> {}).finish();

        assertThat(results).containsExactly(0, 1, 2);
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aRejectingPoolLeavesEveryTaskToTheSearchingThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        List<Integer> results = SharedTasks.start(numbered(2, threads), task -> {
            throw new java.util.concurrent.RejectedExecutionException("busy");
        }).finish();

        assertThat(results).containsExactly(0, 1);
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void theSearchingThreadRunsTheFirstTaskItselfAndTakesTheLastWhileTheHelperRunsTheSecond() throws Exception {
        CountDownLatch helperStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> firstRanOn = ConcurrentHashMap.newKeySet();
        Set<String> secondRanOn = ConcurrentHashMap.newKeySet();
        Set<String> lastRanOn = ConcurrentHashMap.newKeySet();
        List<Supplier<String>> tasks = List.of(() -> {
            firstRanOn.add(Thread.currentThread().getName());
            return "first";
        }, () -> {
            secondRanOn.add(Thread.currentThread().getName());
            helperStarted.countDown();
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "second";
        }, () -> {
            lastRanOn.add(Thread.currentThread().getName());
            release.countDown(); // the helper is still in the second task: this one ran beside it
            return "last";
        });
        try (ExecutorService helper = Executors.newSingleThreadExecutor()) {
            SharedTasks<String> work = SharedTasks.start(tasks, helper);
            // The helper is busy before the searching thread starts: still the first task is left to it.
            assertThat(helperStarted.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(work.finish()).containsExactly("first", "second", "last");
            String searching = Thread.currentThread().getName();
            assertThat(firstRanOn).containsExactly(searching);
            assertThat(secondRanOn).doesNotContain(searching);
            assertThat(lastRanOn).containsExactly(searching);
        }
    }

    @Test
    void aSingleTaskRunsOnTheSearchingThreadWithoutWakingTheHelper() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Runnable> submitted = new ArrayList<>();

        List<Integer> results = SharedTasks.start(numbered(1, threads), submitted::add).finish();

        assertThat(results).containsExactly(0);
        assertThat(submitted).isEmpty();
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aFailingTaskFailsWithItsOwnExceptionOnlyOnceEveryTaskHasEnded() throws Exception {
        CountDownLatch helperStarted = new CountDownLatch(1);
        AtomicBoolean helperDone = new AtomicBoolean();
        List<Supplier<String>> tasks = List.of(() -> {
            throw new IllegalStateException("search failed");
        }, () -> {
            helperStarted.countDown();
            for (long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200); System.nanoTime() < deadline;) {
                Thread.onSpinWait();
            }
            helperDone.set(true);
            return "slow";
        });
        try (ExecutorService helper = Executors.newSingleThreadExecutor()) {
            SharedTasks<String> work = SharedTasks.start(tasks, helper);
            assertThat(helperStarted.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(work::finish).isInstanceOf(IllegalStateException.class).hasMessage("search failed");
            assertThat(helperDone).isTrue();
        }
    }

    @Test
    void abandoningLeavesTheTasksNotStartedUndone() {
        Set<String> threads = ConcurrentHashMap.newKeySet();

        SharedTasks.start(numbered(2, threads), task -> {}).abandon();

        assertThat(threads).isEmpty();
    }
}
