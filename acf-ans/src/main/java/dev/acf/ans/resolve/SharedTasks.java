package dev.acf.ans.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * Work of one search shared between the searching thread and one helper of a bounded pool:
 * the searching thread runs the first task itself, the helper starts at once on the others,
 * from the second, and the searching thread then takes the tasks the helper has not started,
 * from the last. Each task runs once, on whichever thread claims it first, so a busy or slow
 * pool never delays the search (the searching thread then does everything itself) and a free
 * core takes its share. The first task should be the one the answer waits for longest (a query
 * embedding): a helper that wakes late then delays only work that has time to spare. One
 * instance per search; thread-safe between its two threads.
 *
 * @param <T> what each task returns
 */
final class SharedTasks<T> {
    private final List<Supplier<T>> tasks;
    private final List<CompletableFuture<T>> results;
    /** 1 once a task is claimed. */
    private final AtomicIntegerArray claimed;

    private SharedTasks(List<Supplier<T>> tasks) {
        this.tasks = List.copyOf(tasks);
        this.results = new ArrayList<>(tasks.size());
        this.tasks.forEach(t -> results.add(new CompletableFuture<>()));
        this.claimed = new AtomicIntegerArray(tasks.size());
    }

    /**
     * Starts the helper on the tasks after the first (none when there is only one).
     *
     * @param tasks what to run, the searching thread's own first; each thread-safe towards the
     *     others and the searching thread
     * @param helper the pool; a rejected task leaves every task to the searching thread
     */
    static <T> SharedTasks<T> start(List<Supplier<T>> tasks, Executor helper) {
        SharedTasks<T> work = new SharedTasks<>(tasks);
        if (work.tasks.size() > 1) {
            try {
                helper.execute(work::fromSecond);
            } catch (RejectedExecutionException busy) {
                // The searching thread does everything itself.
            }
        }
        return work;
    }

    /**
     * Runs the first task, then what the helper has not claimed, from the last; waits for what
     * the helper has, and returns the results in task order. A task's failure is thrown once
     * every task has ended, so the caller may then release what they read.
     */
    List<T> finish() {
        if (!tasks.isEmpty()) {
            run(0);
        }
        for (int i = tasks.size() - 1; i > 0; i--) {
            run(i);
        }
        RuntimeException failure = null;
        List<T> out = new ArrayList<>(results.size());
        for (CompletableFuture<T> r : results) {
            try {
                out.add(r.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /**
     * Claims every task not started and waits for the helper's, ignoring failures: a search that
     * fails elsewhere calls this before it releases the index snapshot the helper may still read.
     */
    void abandon() {
        for (int i = 0; i < tasks.size(); i++) {
            if (claimed.compareAndSet(i, 0, 1)) {
                results.get(i).cancel(false);
            }
        }
        results.forEach(r -> {
            try {
                r.join();
            } catch (RuntimeException ignored) {
                // The search already fails for another reason.
            }
        });
    }

    private void fromSecond() {
        for (int i = 1; i < tasks.size(); i++) {
            run(i);
        }
    }

    private void run(int i) {
        if (!claimed.compareAndSet(i, 0, 1)) {
            return;
        }
        try {
            results.get(i).complete(tasks.get(i).get());
        } catch (RuntimeException | Error e) {
            results.get(i).completeExceptionally(e);
        }
    }
}
