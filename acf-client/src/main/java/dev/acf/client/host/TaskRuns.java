package dev.acf.client.host;

import dev.acf.api.a2a.JsonRpcError;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatus;
import dev.acf.api.error.AcfException;
import dev.acf.api.name.AgentName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handler: one virtual thread per turn, the task created lazily at its first event, the
 * turn's end turned into the task's final state (returned message or task, auto-completion,
 * failure). Keeps the runs of recent tasks (their event logs serve resumption) up to a bound,
 * forgetting idle ones first; older tasks are re-read from the store. Thread-safe.
 */
final class TaskRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRuns.class);

    /** How a turn answers: with a task (and where its events start) or directly with a message. */
    sealed interface Opened permits Started, Direct {}

    /** The turn works on a task; its events after {@code snapshot.seq()} are the turn's. */
    record Started(TaskRun run, TaskRun.Snapshot snapshot) implements Opened {}

    /** The handler answered with a message and no task. */
    record Direct(Message message) implements Opened {}

    private final AgentHandler handler;
    private final TaskStore store;
    private final int maxLog;
    private final int maxRuns;
    private final LinkedHashMap<String, TaskRun> runs = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    TaskRuns(AgentHandler handler, TaskStore store, int maxLog, int maxRuns) {
        this.handler = handler;
        this.store = store;
        this.maxLog = maxLog;
        this.maxRuns = maxRuns;
    }

    /**
     * Starts a turn for a caller's message.
     *
     * @param eager create the task before the handler runs (the caller wants it at once)
     * @throws RpcFailure when the message names an unknown, ended or busy task
     */
    CompletableFuture<Opened> submit(Message incoming, boolean eager, @Nullable AgentName caller) {
        CompletableFuture<Opened> opened = new CompletableFuture<>();
        String continued = incoming.taskId();
        if (continued != null) {
            TaskRun run = find(continued).orElseThrow(() -> new RpcFailure(JsonRpcError.taskNotFound(continued)));
            Task task = run.task();
            if (task.status().state().isTerminal()) {
                throw new RpcFailure(JsonRpcError.unsupportedOperation("task " + continued + " has ended ("
                        + task.status().state().wireName(dev.acf.api.a2a.A2aVersion.V1_0) + "); send the message without a taskId"));
            }
            if (incoming.contextId() != null && task.contextId() != null && !incoming.contextId().equals(task.contextId())) {
                throw new RpcFailure(JsonRpcError.invalidParams("the message's contextId differs from the task's"));
            }
            String contextId = task.contextId() != null ? task.contextId() : UUID.randomUUID().toString();
            Message message = TaskContext.withIds(incoming, continued, contextId);
            TaskContext ctx = new TaskContext(message, continued, contextId, caller, run, () -> run);
            Thread thread = worker(ctx, opened);
            if (!run.beginTurn(thread)) {
                throw new RpcFailure(JsonRpcError.unsupportedOperation("task " + continued + " is still working on a message"));
            }
            run.addToHistory(message);
            run.status(new TaskStatus(TaskState.WORKING, null, Instant.now()));
            opened.complete(new Started(run, run.snapshot()));
            thread.start();
            return opened;
        }
        String taskId = UUID.randomUUID().toString();
        String contextId = incoming.contextId() != null ? incoming.contextId() : UUID.randomUUID().toString();
        Message message = TaskContext.withIds(incoming, taskId, contextId);
        Thread[] thread = new Thread[1];
        Supplier<TaskRun> starter = () -> {
            Task submitted = Task.builder(taskId, TaskStatus.of(TaskState.SUBMITTED)).contextId(contextId)
                    .history(List.of(message)).build();
            store.put(submitted);
            TaskRun run = register(submitted);
            run.beginTurn(thread[0]);
            opened.complete(new Started(run, run.snapshot()));
            return run;
        };
        TaskContext ctx = new TaskContext(message, taskId, contextId, caller, null, starter);
        thread[0] = worker(ctx, opened);
        if (eager) {
            ctx.started();
        }
        thread[0].start();
        return opened;
    }

    private Thread worker(TaskContext ctx, CompletableFuture<Opened> opened) {
        return Thread.ofVirtual().name("acf-task-" + ctx.taskId()).unstarted(() -> {
            try {
                finish(ctx, handler.onMessage(ctx, ctx.message()), opened);
            } catch (Exception e) {
                failed(ctx, e);
            } finally {
                TaskRun run = ctx.runIfStarted();
                if (run != null) {
                    run.endTurn();
                }
                if (!opened.isDone()) {
                    // Failing the task above started it; this is only reached by an Error.
                    opened.completeExceptionally(new IllegalStateException("the handler of task " + ctx.taskId() + " died"));
                }
            }
        });
    }

    private void finish(TaskContext ctx, @Nullable SendMessageResult result, CompletableFuture<Opened> opened) {
        TaskRun run = ctx.runIfStarted();
        if (result instanceof Message message && run == null) {
            // No task exists: the answer names the conversation only.
            opened.complete(new Direct(message.contextId() != null ? message : new Message(message.messageId(), ctx.contextId(),
                    null, message.role(), message.parts(), message.metadata(), message.extensions(), message.referenceTaskIds())));
            return;
        }
        if (result instanceof Task task && run == null && task.id().equals(ctx.taskId())) {
            store.put(task);
            run = register(task);
            opened.complete(new Started(run, run.snapshot()));
            return;
        }
        run = ctx.started();
        if (result instanceof Message message && !settled(run)) {
            run.status(new TaskStatus(TaskState.COMPLETED, TaskContext.withIds(message, ctx.taskId(), ctx.contextId()), Instant.now()));
        } else if (result instanceof Task task && !settled(run) && task.status().state() != run.task().status().state()) {
            run.status(task.status());
        }
        if (!settled(run)) {
            run.status(new TaskStatus(TaskState.COMPLETED, null, Instant.now()));
        }
    }

    private void failed(TaskContext ctx, Exception e) {
        TaskRun run = ctx.runIfStarted();
        if (run != null && (run.isCanceled() || run.isClosed())) {
            LOG.debug("handler of canceled task {} ended with {}", ctx.taskId(), e.toString());
            return;
        }
        if (e instanceof CancellationException) {
            return;
        }
        LOG.warn("the handler failed on task {}", ctx.taskId(), e);
        String reason = e instanceof AcfException ? e.getMessage() : "the agent failed while handling the message";
        run = ctx.started();
        if (!settled(run)) {
            run.status(new TaskStatus(TaskState.FAILED, ctx.agentMessage(reason), Instant.now()));
        }
    }

    private static boolean settled(TaskRun run) {
        TaskState state = run.task().status().state();
        return state.isTerminal() || state.isInterrupted();
    }

    /** Returns the run of a task: kept, or rebuilt from the store (with an empty event log). */
    Optional<TaskRun> find(String taskId) {
        synchronized (this) {
            TaskRun run = runs.get(taskId);
            if (run != null) {
                return Optional.of(run);
            }
        }
        return store.get(taskId).map(this::register);
    }

    /**
     * Cancels a task.
     *
     * @throws RpcFailure when there is no such task, or it has ended
     */
    Task cancel(String taskId) {
        TaskRun run = find(taskId).orElseThrow(() -> new RpcFailure(JsonRpcError.taskNotFound(taskId)));
        return run.cancel().orElseThrow(() -> new RpcFailure(JsonRpcError.taskNotCancelable(taskId)));
    }

    private synchronized TaskRun register(Task task) {
        if (closed) {
            throw new RpcFailure(new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "The agent is shutting down", null));
        }
        TaskRun existing = runs.get(task.id());
        if (existing != null) {
            return existing;
        }
        TaskRun run = new TaskRun(task, store, maxLog);
        runs.put(task.id(), run);
        if (runs.size() > maxRuns) {
            for (Iterator<TaskRun> it = runs.values().iterator(); it.hasNext() && runs.size() > maxRuns; ) {
                if (it.next().isIdle()) {
                    it.remove();
                }
            }
        }
        return run;
    }

    /** Ends every stream and interrupts every handler; refuses new tasks. Idempotent. */
    @Override
    public void close() {
        List<TaskRun> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(runs.values());
        }
        all.forEach(TaskRun::close);
    }
}
