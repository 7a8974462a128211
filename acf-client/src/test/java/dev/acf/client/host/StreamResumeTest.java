package dev.acf.client.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentChannel;
import dev.acf.client.AgentIdentity;
import dev.acf.client.EventStream;
import dev.acf.api.testkit.TcpRelay;
import dev.acf.client.TestPki;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams that lose their connection mid-way and resume with {@code Last-Event-ID}, over a relay the test cuts. */
class StreamResumeTest {
    static final AgentName AGENT = AgentName.parse("ans://v1.0.0.stepper.ops.example.net");

    TestAgent logic;
    AgentHost host;
    AcfClient client;
    TcpRelay relay;
    AgentChannel stepper;

    @BeforeEach
    void start() throws Exception {
        TestPki pki = new TestPki();
        AgentIdentity caller = pki.certify(AgentName.parse("ans://v1.0.0.noc.ops.example.net"));
        logic = new TestAgent();
        host = AgentHost.builder().identity(pki.certify(AGENT)).card("Steps.", AgentSkill.builder("steps", "Steps", "Steps.").build())
                .handler(logic).build().start();
        relay = new TcpRelay(host.address());
        client = AcfClient.builder().ans(URI.create("http://127.0.0.1:9")).identity(caller).build();
        stepper = client.agentAt(AGENT, URI.create("https://127.0.0.1:" + relay.port() + "/a2a"));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        relay.close();
        host.close();
    }

    private static String text(StreamEvent event) {
        if (event instanceof TaskStatusUpdateEvent update && update.status().message() != null) {
            return TaskContext.text(update.status().message());
        }
        return event.getClass().getSimpleName();
    }

    @Test
    void brokenStreamResumesWithExactlyTheMissedEventsInOrder() throws Exception {
        try (EventStream stream = stepper.stream(AgentChannel.userMessage("steps"))) {
            assertThat(stream.next()).isInstanceOf(Task.class);
            logic.steps.release(2);
            assertThat(List.of(text(stream.next()), text(stream.next()))).containsExactly("step 1", "step 2");
            assertThat(stream.lastEventId()).contains("3");

            relay.cutAll();
            logic.steps.release(3);
            List<StreamEvent> rest = stream.toList();

            assertThat(rest).extracting(StreamResumeTest::text).containsExactly("step 3", "step 4", "step 5", "all steps done");
            assertThat(((TaskStatusUpdateEvent) rest.get(3)).status().state()).isEqualTo(TaskState.COMPLETED);
            assertThat(stream.reconnects()).isEqualTo(1);
            assertThat(relay.connections()).isEqualTo(2);
        }
        assertThat(logic.calls.get()).as("the message was sent once").isEqualTo(1);
    }

    @Test
    void subscriberOfARunningTaskGetsTheTaskThenItsLiveEvents() {
        EventStream first = stepper.stream(AgentChannel.userMessage("steps"));
        Task task = (Task) first.next();
        logic.steps.release(1);
        assertThat(text(first.next())).isEqualTo("step 1");

        try (EventStream second = stepper.subscribe(task.id())) {
            Task now = (Task) second.next();
            assertThat(now.status().state()).isEqualTo(TaskState.WORKING);
            logic.steps.release(4);

            assertThat(second.toList()).extracting(StreamResumeTest::text).containsExactly("step 2", "step 3", "step 4", "step 5", "all steps done");
        }
        assertThat(first.toList()).extracting(StreamResumeTest::text).containsExactly("step 2", "step 3", "step 4", "step 5", "all steps done");
    }

    @Test
    void subscribingWithALastEventIdReplaysOnlyLaterEvents() {
        String taskId;
        try (EventStream stream = stepper.stream(AgentChannel.userMessage("steps"))) {
            taskId = ((Task) stream.next()).id();
            logic.steps.release(5);
            assertThat(stream.toList()).hasSize(6);
        }

        List<StreamEvent> replay = stepper.subscribe(taskId, "5").toList();

        assertThat(replay).extracting(StreamResumeTest::text).containsExactly("step 5", "all steps done");
    }
}
