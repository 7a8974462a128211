package dev.acf.client.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Role;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatus;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.json.AcfJson;
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
 * <p><b>Event numbers.</b> Every event of a task carries its number in {@code metadata."acf.seq"}
 * (1 for the task object, then one more per event, checkpoints included), the same number as its
 * SSE id on the host's stream.
 *
 * <p><b>Checkpoints and failover</b> (GW-SESS-2, CLI-4). {@link #checkpoint(byte[])} streams the
 * task's state; a gateway keeps the last one and hides it from the caller. When the instance
 * serving the task dies mid-stream, the gateway sends the task's request again to another
 * instance of the agent with that checkpoint: there {@link #restored()} returns it, the task keeps
 * its ids, and its next event is numbered after the checkpoint. The handler continues from the
 * state and streams again, in the same order, the events that followed the checkpoint; the
 * gateway drops those the caller has, so the caller sees every event once. The hand-over is
 * at-least-once: work after the last checkpoint runs again, so a side effect that must not happen
 * twice (a payment, a ticket) is keyed by {@link #taskId()} and its step, or checkpointed right
 * after it. The host honours a hand-over only from the gateways named in
 * {@link AgentHost.Builder#trustedGateways}.
 *
 * <p>One context per turn, used by the handler's thread (and threads it starts); the event
 * methods are thread-safe.
 *
 * <pre>{@code
 * ctx.working("reading the line's counters");
 * ctx.artifact(Artifact.of("counters", "counters", List.of(new DataPart(counters, null, Map.of()))));
 * return ctx.complete("the line is fine; the fault is in the home network");
 * }</pre>
 *
 * <p>A long task that survives the loss of its instance:
 *
 * <pre>{@code
 * AgentHandler lines = (ctx, message) -> {
 *     int first = ctx.restored().filter(Restored::hasCheckpoint).map(r -> Integer.parseInt(r.stateAsText())).orElse(1);
 *     for (int line = first; line <= 100; line++) {
 *         tickets.openOnce(ctx.taskId() + "/" + line, diagnose(line));   // idempotent by key
 *         ctx.artifact(Artifact.of("line-" + line, null, List.of(TextPart.of("line " + line + " checked"))));
 *         if (line % 10 == 0) {
 *             ctx.checkpoint(String.valueOf(line + 1).getBytes(StandardCharsets.UTF_8));
 *         }
 *     }
 *     return ctx.complete("100 lines checked");
 * };
 * }</pre>
 */
public final class TaskContext {
    private final Message message;
    private final String taskId;
    private final String contextId;
    private final @Nullable AgentName caller;
    private final Supplier<TaskRun> starter;
    private final @Nullable Restored restored;
    private volatile @Nullable TaskRun run;

    TaskContext(Message message, String taskId, String contextId, @Nullable AgentName caller,
            @Nullable TaskRun run, Supplier<TaskRun> starter, @Nullable Restored restored) {
        this.message = message;
        this.taskId = taskId;
        this.contextId = contextId;
        this.caller = caller;
        this.run = run;
        this.starter = starter;
        this.restored = restored;
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

    /**
     * Returns the checkpoint this turn continues from, when a trusted gateway handed the task over
     * from an instance that died; empty for a turn that starts or continues a task normally. A
     * {@link Restored#sequence()} of 0 means the task had no checkpoint: start over under the same ids.
     */
    public Optional<Restored> restored() {
        return Optional.ofNullable(restored);
    }

    /**
     * Checkpoints the task: streams a status update that repeats its current state and carries
     * {@code state} in {@code metadata."acf.checkpoint"}, numbered like any event. A gateway keeps
     * it (the last one per task) for a hand-over and does not pass it on; a caller reached
     * directly sees a status update with extra metadata. The state must fit in one event (a
     * gateway's limit, 1 MiB by default, counts it in base64: a third larger).
     *
     * @param state any bytes the handler can continue from; copied
     * @return the checkpoint's sequence (its {@code acf.seq}), strictly increasing within the task
     * @throws IllegalStateException when the task has ended or waits for input
     * @throws CancellationException when the task was canceled
     */
    public long checkpoint(byte[] state) {
        Objects.requireNonNull(state, "state");
        return started().checkpoint(state.clone());
    }

    /** Checkpoints the task with a JSON state (read back with {@link Restored#stateAsJson()}); see {@link #checkpoint(byte[])}. */
    public long checkpoint(JsonNode state) {
        Objects.requireNonNull(state, "state");
        return started().checkpoint(AcfJson.writeBytes(state));
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
