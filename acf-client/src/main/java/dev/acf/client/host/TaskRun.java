package dev.acf.client.host;

import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Part;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskArtifactUpdateEvent;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatus;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.session.SessionProtocol;
import java.util.ArrayDeque;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task while the host knows it: its current state (written through to the store), the
 * numbered log of its streamed events (bounded; the numbers are the SSE event ids, so a caller
 * resumes with {@code Last-Event-ID}, and each event's {@code acf.seq}, checkpoints included), the
 * handler thread of the turn in progress and the cancellation. Subscribers wait on this object's monitor. Thread-safe.
 */
final class TaskRun {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRun.class);

    /** A logged event; {@code last} ends the streams that carry it (a terminal or interrupted state). */
    record Entry(long seq, StreamEvent event, boolean last) {}

    /** The task as of event {@code seq}. */
    record Snapshot(Task task, long seq) {}

    /** What a subscriber gets: the events after its position, or a gap when some were forgotten. */
    record Batch(List<Entry> entries, boolean gap, boolean idle) {}

    private final TaskStore store;
    private final int maxLog;
    private final ArrayDeque<Entry> log = new ArrayDeque<>();
    private final List<Runnable> cancelHooks = new ArrayList<>();
    private Task task;
    private long seq;
    private boolean canceled;
    private boolean closed;
    private @Nullable Thread worker;

    /** Follows a task that is stored already: its past events are unknown, the next is numbered 1. */
    TaskRun(Task task, TaskStore store, int maxLog) {
        this.task = task;
        this.store = store;
        this.maxLog = maxLog;
    }

    /**
     * Starts a task: its events are numbered after {@code after}. With {@code after} 0 the task
     * object itself is event 1 (the first frame of its stream); a task restored from checkpoint
     * {@code after} continues at {@code after + 1} with what the handler streams, so that its events
     * carry the numbers they had on the instance that died.
     */
    static TaskRun started(Task task, TaskStore store, int maxLog, long after) {
        TaskRun run = new TaskRun(task, store, maxLog);
        synchronized (run) {
            if (after == 0) {
                TaskState state = task.status().state();
                run.append(task, state.isTerminal() || state.isInterrupted());
            } else {
                run.seq = after;
            }
        }
        return run;
    }

    String id() {
        return task.id();
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(task, seq);
    }

    synchronized Task task() {
        return task;
    }

    synchronized boolean isCanceled() {
        return canceled;
    }

    /** Makes {@code thread} the handler of a new turn; false when a turn is in progress already. */
    synchronized boolean beginTurn(Thread thread) {
        if (worker != null) {
            return false;
        }
        worker = thread;
        return true;
    }

    synchronized void endTurn() {
        worker = null;
        notifyAll();
    }

    synchronized boolean isIdle() {
        return worker == null;
    }

    /** Adds a caller's message to the history (a later turn) without an event. */
    synchronized void addToHistory(Message message) {
        List<Message> history = new ArrayList<>(task.history());
        history.add(message);
        replace(task.status(), task.artifacts(), history);
    }

    /**
     * Publishes a status change: stored, logged, streamed.
     *
     * @throws CancellationException when the task was canceled (the handler should stop)
     */
    synchronized Entry status(TaskStatus status) {
        if (canceled && status.state() != TaskState.CANCELED) {
            throw new CancellationException("task " + task.id() + " was canceled");
        }
        if (status.state() != TaskState.CANCELED) {
            refuseIfClosed();
        }
        List<Message> history = task.history();
        if (status.message() != null) {
            history = new ArrayList<>(history);
            history.add(status.message());
        }
        replace(status, task.artifacts(), history);
        TaskState state = status.state();
        return append(new TaskStatusUpdateEvent(task.id(), contextId(), status, Map.of()), state.isTerminal() || state.isInterrupted());
    }

    /** Publishes an artifact or a chunk of one. */
    synchronized Entry artifact(Artifact artifact, boolean append, boolean lastChunk) {
        if (canceled) {
            throw new CancellationException("task " + task.id() + " was canceled");
        }
        refuseIfClosed();
        List<Artifact> artifacts = new ArrayList<>(task.artifacts());
        int at = -1;
        for (int i = 0; i < artifacts.size(); i++) {
            if (artifacts.get(i).artifactId().equals(artifact.artifactId())) {
                at = i;
            }
        }
        if (at < 0) {
            artifacts.add(artifact);
        } else if (append) {
            Artifact before = artifacts.get(at);
            List<Part> parts = new ArrayList<>(before.parts());
            parts.addAll(artifact.parts());
            artifacts.set(at, new Artifact(before.artifactId(), before.name(), before.description(), parts, before.metadata(),
                    before.extensions()));
        } else {
            artifacts.set(at, artifact);
        }
        replace(task.status(), artifacts, task.history());
        return append(new TaskArtifactUpdateEvent(task.id(), contextId(), artifact, append, lastChunk, Map.of()), false);
    }

    /**
     * Publishes a checkpoint: a status update repeating the current state, whose metadata holds
     * {@code acf.checkpoint} with the event's own number and the state in base64.
     *
     * @return the checkpoint's sequence
     * @throws CancellationException when the task was canceled
     * @throws IllegalStateException when the task has ended or waits for input
     */
    synchronized long checkpoint(byte[] state) {
        if (canceled) {
            throw new CancellationException("task " + task.id() + " was canceled");
        }
        refuseIfClosed();
        TaskState now = task.status().state();
        if (now.isTerminal() || now.isInterrupted()) {
            throw new IllegalStateException("task " + task.id() + " is " + now + ": checkpoint a task while it works");
        }
        long sequence = seq + 1;
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("sequence", sequence);
        checkpoint.put("state", Base64.getEncoder().encodeToString(state));
        append(new TaskStatusUpdateEvent(task.id(), contextId(), new TaskStatus(now, null, Instant.now()),
                Map.of(SessionProtocol.CHECKPOINT, checkpoint)), false);
        return sequence;
    }

    /**
     * Cancels the task: publishes {@code CANCELED}, interrupts the handler and runs the cancel
     * hooks (outside the lock).
     *
     * @return the canceled task, or empty when it had ended already
     */
    java.util.Optional<Task> cancel() {
        List<Runnable> hooks;
        synchronized (this) {
            if (task.status().state().isTerminal()) {
                return java.util.Optional.empty();
            }
            canceled = true;
            status(new TaskStatus(TaskState.CANCELED, null, java.time.Instant.now()));
            if (worker != null) {
                worker.interrupt();
            }
            hooks = List.copyOf(cancelHooks);
        }
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("cancel hook of task {} failed", task.id(), e);
            }
        }
        return java.util.Optional.of(task());
    }

    /** Adds a hook run when the task is canceled; at once if it already was. */
    void onCancel(Runnable hook) {
        synchronized (this) {
            if (!canceled) {
                cancelHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /**
     * Returns the events after {@code after}, waiting up to {@code wait} for one. Empty with
     * {@code idle} when none came and no turn is running (the stream is over); empty otherwise
     * when the wait ran out (time for a keep-alive).
     */
    synchronized Batch await(long after, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (seq <= after && worker != null && !closed) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return new Batch(List.of(), false, false);
            }
            wait(left);
        }
        Entry oldest = log.peekFirst();
        boolean gap = oldest != null && oldest.seq() > after + 1 && after < seq;
        List<Entry> out = new ArrayList<>();
        for (Entry entry : log) {
            if (entry.seq() > after) {
                out.add(entry);
            }
        }
        return new Batch(out, gap, out.isEmpty() && (worker == null || closed));
    }

    /** Ends every subscriber's wait: the host is closing. */
    synchronized void close() {
        closed = true;
        if (worker != null) {
            worker.interrupt();
        }
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** A closing host streams nothing more: a stream cut before the task's end is what a gateway fails over on. */
    private void refuseIfClosed() {
        if (closed) {
            throw new CancellationException("the agent host is closing");
        }
    }

    private String contextId() {
        return task.contextId() == null ? "" : task.contextId();
    }

    private void replace(TaskStatus status, List<Artifact> artifacts, List<Message> history) {
        task = new Task(task.id(), task.contextId(), status, artifacts, history, task.metadata());
        store.put(task);
    }

    private Entry append(StreamEvent event, boolean last) {
        Entry entry = new Entry(++seq, event, last);
        log.addLast(entry);
        if (log.size() > maxLog) {
            log.removeFirst();
        }
        notifyAll();
        return entry;
    }
}
