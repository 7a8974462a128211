package dev.acf.client.host;

import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TextPart;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** The agent logic of the host tests: what it does depends on the message's text. */
final class TestAgent implements AgentHandler {
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch canceled = new CountDownLatch(1);
    /** Each permit lets the "steps" task stream one more step. */
    final Semaphore steps = new Semaphore(0);
    /** Released when a "hold" turn may answer. */
    final Semaphore hold = new Semaphore(0);

    @Override
    public SendMessageResult onMessage(TaskContext ctx, Message message) throws Exception {
        calls.incrementAndGet();
        String text = TaskContext.text(message);
        switch (text) {
            case "report" -> {
                ctx.working("collecting counters");
                ctx.artifact(Artifact.of("counters", "counters", List.of(TextPart.of("crc=0"))));
                ctx.artifact(Artifact.of("counters", "counters", List.of(TextPart.of("fec=3"))), true, true);
                return ctx.complete("line 17 is fine");
            }
            case "wait" -> {
                ctx.onCancel(canceled::countDown);
                ctx.working("waiting for a cancel");
                canceled.await();
                return ctx.task();
            }
            case "ask" -> {
                return ctx.requireInput("which line?");
            }
            case "line 17" -> {
                return ctx.complete("line 17 is fine (" + ctx.task().history().size() + " messages)");
            }
            case "boom" -> throw new IllegalStateException("secret internals at 10.0.4.7");
            case "steps" -> {
                ctx.task(); // the task exists (and the stream starts) before the first step
                for (int i = 1; i <= 5; i++) {
                    steps.acquire();
                    ctx.status(TaskState.WORKING, "step " + i);
                }
                return ctx.complete("all steps done");
            }
            case "hold" -> {
                hold.acquire();
                return ctx.reply("held");
            }
            case "skill" -> {
                return ctx.reply(String.valueOf(message.metadata().get("skillId")));
            }
            case "caller" -> {
                return ctx.reply(ctx.caller().map(Object::toString).orElse("anonymous"));
            }
            default -> {
                return ctx.reply("you said: " + text);
            }
        }
    }
}
