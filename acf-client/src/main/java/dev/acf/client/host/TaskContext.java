package dev.acf.client.host;

import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Role;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatus;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.name.AgentName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The task an {@link AgentHandler} works on: who asked, the ids, and the ways to stream events
 * to the caller. The task comes into being at the first event (or {@link #task()}): a handler
 * that only returns a {@link Message} answers without one. Every event is stored in the
 * {@link TaskStore}, numbered and streamed to the caller and to every {@code SubscribeToTask}
 * subscriber.
 *
 * <p><b>Cancellation.</b> A {@code CancelTask} from a caller marks the task canceled, interrupts
 * the handler's thread and runs the {@link #onCancel} hooks; from then on every event method
 * throws {@link CancellationException}, so a handler that ignores the interrupt still stops at its
 * next event.
 *
 * <p>One context per turn, used by the handler's thread (and threads it starts); the event
 * methods are thread-safe.
 *
 * <pre>{@code
 * ctx.working("reading the line's counters");
 * ctx.artifact(Artifact.of("counters", "counters", List.of(new DataPart(counters, null, Map.of()))));
 * return ctx.complete("the line is fine; the fault is in the home network");
 * }</pre>
 */
public final class TaskContext {
    private final Message message;
    private final String taskId;
    private final String contextId;
    private final @Nullable AgentName caller;
    private final Supplier<TaskRun> starter;
    private volatile @Nullable TaskRun run;

    /**
     * A later step adds checkpoints here ({@code checkpoint(state)}, {@code restored()}): they
     * need only the run and its ids, which every turn is built with.
     */
    TaskContext(Message message, String taskId, String contextId, @Nullable AgentName caller,
            @Nullable TaskRun run, Supplier<TaskRun> starter) {
        this.message = message;
        this.taskId = taskId;
        this.contextId = contextId;
        this.caller = caller;
        this.run = run;
        this.starter = starter;
    }

    /** Returns the message this turn answers. */
    public Message message() {
        return message;
    }

    /** Returns the task's id: the caller's for a continued task, a new UUID otherwise. */
    public String taskId() {
        return taskId;
    }

    /** Returns the conversation's id: the caller's, or a new UUID. */
    public String contextId() {
        return contextId;
    }

    /**
     * Returns the ANS name of the agent that called, as the gateway authenticated it (its
     * {@code ACF-Caller} header) or, for a direct call, as its TLS client certificate names it;
     * empty for a caller without a certificate.
     */
    public Optional<AgentName> caller() {
        return Optional.ofNullable(caller);
    }

    /** Returns whether a caller canceled the task. */
    public boolean isCanceled() {
        TaskRun r = run;
        return r != null && r.isCanceled();
    }

    /** Runs {@code hook} when the task is canceled (at once if it already is), on the canceling thread. */
    public void onCancel(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        started().onCancel(hook);
    }

    /** Returns the task as it is now, creating it (submitted) if this turn has not yet. */
    public Task task() {
        return started().task();
    }

    /** Streams a status change; the text, if any, becomes an agent message in the status. */
    public void status(TaskState state, @Nullable String text) {
        Objects.requireNonNull(state, "state");
        started().status(new TaskStatus(state, text == null ? null : agentMessage(text), Instant.now()));
    }

    /** Streams the {@code WORKING} state with a progress text. */
    public void working(String text) {
        status(TaskState.WORKING, Objects.requireNonNull(text, "text"));
    }

    /** Streams a whole artifact. */
    public void artifact(Artifact artifact) {
        artifact(artifact, false, true);
    }

    /** Streams an artifact or a chunk of one; {@code append} adds the parts to the artifact with the same id. */
    public void artifact(Artifact artifact, boolean append, boolean lastChunk) {
        Objects.requireNonNull(artifact, "artifact");
        started().artifact(artifact, append, lastChunk);
    }

    /** Completes the task with an answer; returns it, for the handler to return. */
    public Task complete(String text) {
        status(TaskState.COMPLETED, Objects.requireNonNull(text, "text"));
        return task();
    }

    /** Fails the task with a reason the caller may read; returns it. */
    public Task fail(String reason) {
        status(TaskState.FAILED, Objects.requireNonNull(reason, "reason"));
        return task();
    }

    /** Asks the caller for more input ({@code INPUT_REQUIRED}): its next message continues this task. */
    public Task requireInput(String question) {
        status(TaskState.INPUT_REQUIRED, Objects.requireNonNull(question, "question"));
        return task();
    }

    /** Returns a direct answer: an agent message in this context, with no task if nothing was streamed. */
    public Message reply(String text) {
        return agentMessage(Objects.requireNonNull(text, "text"));
    }

    /** Returns a new agent message with one text part, in this task and context. */
    public Message agentMessage(String text) {
        return Message.builder(UUID.randomUUID().toString(), Role.AGENT)
                .taskId(run == null ? null : taskId)
                .contextId(contextId)
                .parts(List.of(TextPart.of(text)))
                .build();
    }

    /** Returns the text parts of a message, joined by newlines. */
    public static String text(Message message) {
        return message.parts().stream().filter(TextPart.class::isInstance).map(p -> ((TextPart) p).text())
                .collect(Collectors.joining("\n"));
    }

    /** Returns the run, creating the task at the first call. */
    TaskRun started() {
        TaskRun r = run;
        if (r == null) {
            synchronized (this) {
                r = run;
                if (r == null) {
                    r = starter.get();
                    run = r;
                }
            }
        }
        return r;
    }

    @Nullable TaskRun runIfStarted() {
        return run;
    }

    static Message withIds(Message m, String taskId, String contextId) {
        return new Message(m.messageId(), m.contextId() == null ? contextId : m.contextId(),
                m.taskId() == null ? taskId : m.taskId(), m.role(), m.parts(), m.metadata(), m.extensions(), m.referenceTaskIds());
    }
}
