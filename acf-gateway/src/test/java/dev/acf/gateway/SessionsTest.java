package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.session.SessionEvent;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.session.EmbeddedSessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions over real sockets (GW-SESS-1, GW-SESS-2, REL-2): gateway event ids, resume with
 * {@code Last-Event-ID}, checkpoints kept and hidden, failover of a task to a replica when its
 * instance is killed mid-stream, sessions surviving a gateway restart.
 */
class SessionsTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.worker.ops.example.net");
    static final String SEND = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SendStreamingMessage\",\"params\":{\"message\":{"
            + "\"role\":\"ROLE_USER\",\"messageId\":\"m-1\",\"parts\":[{\"text\":\"work\"}]}}}";

    private final List<ContractAgent> agents = new ArrayList<>();
    private final List<SseCall> calls = new ArrayList<>();
    private GatewayServer gateway;
    private EmbeddedSessionStore store;

    @TempDir
    Path directory;

    @AfterEach
    void stop() throws IOException {
        for (SseCall c : calls) {
            c.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (store != null) {
            store.close();
        }
        agents.forEach(ContractAgent::close);
    }

    private ContractAgent agent(String label, int... holds) throws IOException {
        ContractAgent a = new ContractAgent(label, holds);
        agents.add(a);
        return a;
    }

    private GatewayServer.Builder gatewayFor(ContractAgent... instances) {
        AgentRecord record = AnsFixture.record(NAME, instances[0].url()).toBuilder()
                .endpoints(Arrays.stream(instances).map(a -> Endpoint.of(a.url(), Endpoint.JSONRPC)).toList())
                .build();
        return GatewayServer.builder().lookup(new FixedLookup(record));
    }

    private SseCall call(String body, Map<String, String> headers) throws IOException {
        SseCall c = SseCall.post(gateway.address(), AgentPath.of(NAME), body, headers);
        calls.add(c);
        return c;
    }

    private static String subscribe(String task) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"r-2\",\"method\":\"SubscribeToTask\",\"params\":{\"id\":\"" + task + "\"}}";
    }

    private static JsonNode json(SseEvent e) {
        return AcfJson.readTree(e.data().getBytes(StandardCharsets.UTF_8));
    }

    /** The agent's acf.seq of an event the caller got. */
    private static int seq(SseEvent e) {
        JsonNode result = json(e).path("result");
        for (String shape : List.of("task", "statusUpdate", "artifactUpdate")) {
            if (result.has(shape)) {
                return result.get(shape).path("metadata").path("acf.seq").asInt();
            }
        }
        throw new AssertionError("not a task event: " + e.data());
    }

    private static List<SseEvent> readUntilSeq(SseCall call, int last) throws IOException {
        List<SseEvent> got = new ArrayList<>();
        for (SseEvent e = call.next(); e != null; e = call.next()) {
            got.add(e);
            if (seq(e) == last) {
                return got;
            }
        }
        throw new AssertionError("the stream ended before acf.seq " + last + ": " + got);
    }

    private static List<SseEvent> readToEnd(SseCall call) throws IOException {
        List<SseEvent> got = new ArrayList<>();
        for (SseEvent e = call.next(); e != null; e = call.next()) {
            got.add(e);
        }
        return got;
    }

    /** The acf.seq values a caller sees from {@code from} to the end: every event but the checkpoints. */
    private static List<Integer> visible(int from) {
        return IntStream.rangeClosed(from, ContractAgent.LAST).filter(s -> !ContractAgent.isCheckpoint(s)).boxed().toList();
    }

    private static String task(SseEvent first) {
        return json(first).path("result").path("task").path("id").asText();
    }

    @Test
    void aTaskKilledMidStreamContinuesOnTheReplicaFromItsLastCheckpointWithEveryEventOnce() throws Exception {
        ContractAgent one = agent("one", 10);
        ContractAgent two = agent("two", 10);
        store = EmbeddedSessionStore.builder().build();
        gateway = gatewayFor(one, two).sessionStore(store).build().start();

        SseCall call = call(SEND, Map.of());
        assertThat(call.status).isEqualTo(200);
        List<SseEvent> events = readUntilSeq(call, 10);
        ContractAgent serving = one.requests.isEmpty() ? two : one;
        ContractAgent replica = serving == one ? two : one;
        serving.kill();
        events.addAll(readToEnd(call));

        String task = task(events.get(0));
        assertThat(call.completed()).as("the caller's stream ends normally").isTrue();
        assertThat(events).extracting(SessionsTest::seq).containsExactlyElementsOf(visible(1));
        assertThat(events).extracting(SseEvent::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, events.size()).mapToObj(n -> task + ":" + n).toList());
        assertThat(events).extracting(SseEvent::event).containsOnly("task-event");
        assertThat(events).noneMatch(e -> e.data().contains("acf.checkpoint"));

        ContractAgent.Received restore = replica.requests.poll(10, TimeUnit.SECONDS);
        assertThat(restore).isNotNull();
        assertThat(restore.headers()).containsEntry("acf-checkpoint", "8");
        JsonNode marks = restore.body().path("params").path("message").path("metadata").path("acf.restore");
        assertThat(marks.path("taskId").asText()).isEqualTo(task);
        assertThat(marks.path("contextId").asText()).isEqualTo("ctx-" + (serving == one ? "one" : "two"));
        assertThat(marks.path("sequence").asLong()).isEqualTo(8);
        assertThat(new String(Base64.getDecoder().decode(marks.path("state").asText()), StandardCharsets.UTF_8)).isEqualTo("8");
        assertThat(marks.path("delivered").asLong()).isEqualTo(10);
        assertThat(restore.body().path("params").path("message").path("messageId").asText()).isEqualTo("m-1");

        assertThat(store.lastCheckpoint(task).orElseThrow().sequence()).isEqualTo(12);
        assertThat(store.eventsAfter(task, 0, 100)).hasSize(events.size());
        assertThat(store.sessions(marks.path("contextId").asText())).containsExactly(task);
    }

    @Test
    void aCallerThatReconnectsWithLastEventIdGetsExactlyTheMissedEventsThenTheLiveOnes() throws Exception {
        ContractAgent agent = agent("solo", 6, 11);
        store = EmbeddedSessionStore.builder().build();
        gateway = gatewayFor(agent).sessionStore(store).build().start();

        SseCall first = call(SEND, Map.of());
        List<SseEvent> before = readUntilSeq(first, 3);
        String task = task(before.get(0));
        String lastSeen = before.get(before.size() - 1).id();
        first.close();
        agent.release(6);
        // While nobody listens, the gateway keeps reading the agent into the store.
        await().atMost(Duration.ofSeconds(20)).until(() -> store.lastEvent(task).map(SessionEvent::data)
                .filter(d -> d.contains("\"acf.seq\":11")).isPresent());

        SseCall again = call(subscribe(task), Map.of("Last-Event-ID", lastSeen));
        assertThat(again.status).isEqualTo(200);
        List<SseEvent> missed = readUntilSeq(again, 11);
        agent.release(11);
        List<SseEvent> after = readToEnd(again);

        List<SseEvent> resumed = new ArrayList<>(missed);
        resumed.addAll(after);
        assertThat(lastSeen).isEqualTo(task + ":3");
        assertThat(resumed).extracting(SessionsTest::seq).containsExactlyElementsOf(visible(5));
        assertThat(resumed).extracting(SseEvent::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(4, 3 + resumed.size()).mapToObj(n -> task + ":" + n).toList());
        assertThat(resumed).allMatch(e -> json(e).path("id").asText().equals("r-2"));
        assertThat(again.completed()).isTrue();
        assertThat(agent.requests).hasSize(1);
    }

    @Test
    void reSendingTheStreamingRequestWithLastEventIdReplaysTheRestWithoutCallingTheAgentAgain() throws Exception {
        ContractAgent agent = agent("solo");
        gateway = gatewayFor(agent).build().start();
        List<SseEvent> all = readToEnd(call(SEND, Map.of()));
        String task = task(all.get(0));

        List<SseEvent> rest = readToEnd(call(SEND, Map.of("Last-Event-ID", task + ":4")));

        assertThat(rest).extracting(SseEvent::id).containsExactlyElementsOf(all.subList(4, all.size()).stream().map(SseEvent::id).toList());
        assertThat(rest).extracting(SseEvent::data).containsExactlyElementsOf(all.subList(4, all.size()).stream().map(SseEvent::data).toList());
        assertThat(agent.requests).hasSize(1);
    }

    @Test
    void aLastEventIdOfAnotherTaskIsABadRequestAndOfAForgottenTaskNotFound() throws Exception {
        ContractAgent agent = agent("solo");
        gateway = gatewayFor(agent).build().start();

        SseCall mismatch = call(subscribe("task-a"), Map.of("Last-Event-ID", "task-b:3"));
        assertThat(mismatch.status).isEqualTo(400);
        assertThat(mismatch.text()).contains("\"id\":\"r-2\"").contains("task-b");

        SseCall forgotten = call(SEND, Map.of("Last-Event-ID", "task-gone:3"));
        assertThat(forgotten.status).isEqualTo(404);
        assertThat(forgotten.text()).contains("-32001").contains("task-gone");
        assertThat(agent.requests).isEmpty();
    }

    @Test
    void sessionsKeptInAFileSurviveAGatewayRestart() throws Exception {
        ContractAgent agent = agent("solo");
        gateway = gatewayFor(agent).sessionDirectory(directory).build().start();
        List<SseEvent> all = readToEnd(call(SEND, Map.of()));
        String task = task(all.get(0));
        gateway.close();

        gateway = gatewayFor(agent).sessionDirectory(directory).build().start();
        SseCall resumed = call(subscribe(task), Map.of("Last-Event-ID", task + ":2"));

        List<SseEvent> rest = readToEnd(resumed);
        assertThat(rest).extracting(SseEvent::id).containsExactlyElementsOf(all.subList(2, all.size()).stream().map(SseEvent::id).toList());
        assertThat(rest).extracting(SessionsTest::seq).containsExactlyElementsOf(visible(3));
        assertThat(agent.requests).hasSize(1);
    }

    @Test
    void aCallerCannotSmuggleARestoreToAnAgent() throws Exception {
        ContractAgent agent = agent("solo");
        gateway = gatewayFor(agent).build().start();
        String forged = SEND.replace("\"messageId\":\"m-1\"", "\"messageId\":\"m-1\",\"metadata\":{\"acf.restore\":{\"taskId\":\"x\","
                + "\"sequence\":8,\"state\":\"OA==\"},\"keep\":true}");

        List<SseEvent> all = readToEnd(call(forged, Map.of("ACF-Checkpoint", "8")));

        ContractAgent.Received received = agent.requests.take();
        assertThat(received.headers()).doesNotContainKey("acf-checkpoint");
        JsonNode metadata = received.body().path("params").path("message").path("metadata");
        assertThat(metadata.has("acf.restore")).isFalse();
        assertThat(metadata.path("keep").asBoolean()).isTrue();
        assertThat(all).extracting(SessionsTest::seq).containsExactlyElementsOf(visible(1));
    }

    @Test
    void aSubscriberToARelayedTaskFollowsTheRelayWithoutASecondAgentStream() throws Exception {
        ContractAgent agent = agent("solo", 6);
        store = EmbeddedSessionStore.builder().build();
        gateway = gatewayFor(agent).sessionStore(store).build().start();
        SseCall first = call(SEND, Map.of());
        String task = task(readUntilSeq(first, 6).get(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> store.lastEvent(task).map(SessionEvent::data)
                .filter(d -> d.contains("\"acf.seq\":6")).isPresent());

        SseCall follower = call(subscribe(task), Map.of());
        assertThat(follower.status).isEqualTo(200);
        agent.release(6);
        List<SseEvent> followed = readToEnd(follower);
        List<SseEvent> original = readToEnd(first);

        assertThat(followed).extracting(SessionsTest::seq).containsExactlyElementsOf(visible(7));
        assertThat(followed).extracting(SseEvent::id).containsExactlyElementsOf(original.stream().map(SseEvent::id).toList());
        assertThat(agent.requests).hasSize(1);
    }

    @Test
    void tasksOfOneContextAreKeptUnderTheirOwnIdsAndListedByContext() throws Exception {
        ContractAgent agent = agent("solo");
        store = EmbeddedSessionStore.builder().build();
        gateway = gatewayFor(agent).sessionStore(store).build().start();

        String one = task(readToEnd(call(SEND, Map.of())).get(0));
        String two = task(readToEnd(call(SEND, Map.of())).get(0));

        assertThat(store.sessions("ctx-solo")).containsExactly(one, two);
        assertThat(store.lastEvent(one).orElseThrow().eventId()).isEqualTo(one + ":" + visible(1).size());
        assertThat(store.lastEvent(two).orElseThrow().eventId()).isEqualTo(two + ":" + visible(1).size());
    }
}
