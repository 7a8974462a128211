package dev.acf.client.host;

import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.SendMessageResult;

/**
 * An agent's logic: answers one incoming message. Called on its own virtual thread for every
 * {@code SendMessage} and {@code SendStreamingMessage}, so it may block; calls for different
 * tasks run concurrently, turns of one task one after the other.
 *
 * <p>The handler either answers directly with a {@link Message} (no task is created, if it
 * streamed nothing through the context), or works on the task of {@link TaskContext}: streams
 * status updates and artifacts, then returns {@link TaskContext#complete}, {@link TaskContext#fail},
 * {@link TaskContext#requireInput} or {@link TaskContext#task()}. A task still submitted or
 * working when the handler returns is completed; a message returned after streaming completes
 * the task with that message. An exception fails the task; the caller sees the message of an
 * {@link dev.acf.api.error.AcfException}, and a generic text for anything else.
 *
 * <pre>{@code
 * AgentHandler echo = (ctx, message) -> ctx.reply("you said: " + TaskContext.text(message));
 * AgentHandler slow = (ctx, message) -> {
 *     ctx.working("collecting line data");
 *     ctx.artifact(Artifact.of("report", "report", List.of(TextPart.of(collect()))));
 *     return ctx.complete("done");
 * };
 * }</pre>
 */
@FunctionalInterface
public interface AgentHandler {
    /**
     * Answers a message.
     *
     * @param ctx the task this message starts or continues; also how to stream events and
     *     learn of a cancellation
     * @param message the message received
     * @return a direct answer, or the task
     * @throws Exception any failure, which fails the task
     */
    SendMessageResult onMessage(TaskContext ctx, Message message) throws Exception;
}
