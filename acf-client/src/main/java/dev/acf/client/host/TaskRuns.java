package dev.acf.client.host;

import dev.acf.api.a2a.JsonRpcError;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatus;
import dev.acf.api.error.AcfException;
import dev.acf.api.name.AgentName;
import dev.acf.api.session.SessionProtocol;
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

    /**
     * The turn works on a task; its events after {@code snapshot.seq()} are the turn's. A stream
     * starts with the snapshot when {@code announce}; a restored task's stream does not: its caller
     * has the task, and its first event is the one after the checkpoint.
     */
    record Started(TaskRun run, TaskRun.Snapshot snapshot, boolean announce) implements Opened {
        Started(TaskRun run, TaskRun.Snapshot snapshot) {
            this(run, snapshot, true);
        }
    }

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
     * Starts a turn for a caller's message. A message a trusted gateway marked with
     * {@code acf.restore} restores the task it names; the mark is removed from every message.
     *
     * @param eager create the task before the handler runs (the caller wants it at once)
     * @throws RpcFailure when the message names an unknown, ended or busy task, or a malformed restore mark
     */
    CompletableFuture<Opened> submit(Message received, boolean eager, Peer peer) {
        Message incoming = received;
        if (RestoreMark.isMarked(received)) {
            incoming = RestoreMark.strip(received);
            if (peer.trustedGateway()) {
                return restore(incoming, RestoreMark.read(received).orElseThrow(), peer.caller());
            }
            LOG.warn("ignored {} in message {} from {}: only a trusted gateway restores tasks", SessionProtocol.RESTORE,
                    received.messageId(), peer.connection() == null ? "a caller without a certificate" : peer.connection());
        }
        AgentName caller = peer.caller();
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
            TaskContext ctx = new TaskContext(message, continued, contextId, caller, run, () -> run, null);
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
            TaskRun run = register(submitted, true);
            run.beginTurn(thread[0]);
            opened.complete(new Started(run, run.snapshot()));
            return run;
        };
        TaskContext ctx = new TaskContext(message, taskId, contextId, caller, null, starter, null);
        thread[0] = worker(ctx, opened);
        if (eager) {
            ctx.started();
        }
        thread[0].start();
        return opened;
    }

    /**
     * Continues a task whose instance died, from the checkpoint a gateway handed over: same ids,
     * stored here as working with this message as its history, events numbered after the checkpoint.
     */
    private CompletableFuture<Opened> restore(Message incoming, RestoreMark mark, @Nullable AgentName caller) {
        String taskId = mark.taskId();
        String contextId = mark.contextId() != null ? mark.contextId()
                : incoming.contextId() != null ? incoming.contextId() : UUID.randomUUID().toString();
        Message message = new Message(incoming.messageId(), contextId, taskId, incoming.role(), incoming.parts(), incoming.metadata(),
                incoming.extensions(), incoming.referenceTaskIds());
        Task task = Task.builder(taskId, TaskStatus.of(TaskState.WORKING)).contextId(contextId).history(List.of(message)).build();
        Restored restored = mark.restored();
        TaskRun run = replace(task, restored.sequence());
        CompletableFuture<Opened> opened = new CompletableFuture<>();
        TaskContext ctx = new TaskContext(message, taskId, contextId, caller, run, () -> run, restored);
        Thread thread = worker(ctx, opened);
        run.beginTurn(thread);
        LOG.info("task {} handed over by the gateway: continuing from checkpoint {}", taskId, restored.sequence());
        opened.complete(new Started(run, run.snapshot(), restored.sequence() == 0));
        thread.start();
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
            run = register(task, true);
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
        return store.get(taskId).map(task -> register(task, false));
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

    /** Follows a task: a new one ({@code fresh}: its task object is its first event) or one read from the store. */
    private synchronized TaskRun register(Task task, boolean fresh) {
        refuseIfClosed();
        TaskRun existing = runs.get(task.id());
        if (existing != null) {
            return existing;
        }
        TaskRun run = fresh ? TaskRun.started(task, store, maxLog, 0) : new TaskRun(task, store, maxLog);
        keep(run);
        return run;
    }

    /** Stores a restored task and follows it from {@code after}, replacing what this host knew of it. */
    private synchronized TaskRun replace(Task task, long after) {
        refuseIfClosed();
        TaskRun existing = runs.get(task.id());
        if (existing != null && !existing.isIdle()) {
            throw new RpcFailure(JsonRpcError.unsupportedOperation("task " + task.id() + " is still working here"));
        }
        store.put(task);
        TaskRun run = TaskRun.started(task, store, maxLog, after);
        runs.remove(task.id());
        keep(run);
        return run;
    }

    private void refuseIfClosed() {
        if (closed) {
            throw new RpcFailure(new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "The agent is shutting down", null));
        }
    }

    private void keep(TaskRun run) {
        runs.put(run.id(), run);
        if (runs.size() > maxRuns) {
            for (Iterator<TaskRun> it = runs.values().iterator(); it.hasNext() && runs.size() > maxRuns; ) {
                if (it.next().isIdle()) {
                    it.remove();
                }
            }
        }
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
