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
 * the helper starts on the tasks at once, from the first, while the searching thread does
 * other work, and then takes the tasks the helper has not started from the last. Each task
 * runs once, on whichever thread claims it first, so a busy pool never delays the search (the
 * searching thread then does everything itself) and a free core takes its share. One instance
 * per search; thread-safe between its two threads.
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
     * Starts the helper on the tasks.
     *
     * @param tasks what to run, each thread-safe towards the others and the searching thread
     * @param helper the pool; a rejected task leaves every task to the searching thread
     */
    static <T> SharedTasks<T> start(List<Supplier<T>> tasks, Executor helper) {
        SharedTasks<T> work = new SharedTasks<>(tasks);
        if (!work.tasks.isEmpty()) {
            try {
                helper.execute(work::fromFirst);
            } catch (RejectedExecutionException busy) {
                // The searching thread does everything itself.
            }
        }
        return work;
    }

    /**
     * Runs what the helper has not claimed, waits for what it has, and returns the results in
     * task order; a task's failure is thrown once every task has ended, so the caller may then
     * release what they read.
     */
    List<T> finish() {
        for (int i = tasks.size() - 1; i >= 0; i--) {
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

    private void fromFirst() {
        for (int i = 0; i < tasks.size(); i++) {
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
