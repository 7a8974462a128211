package dev.acf.client.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.SendMessageRequest;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskArtifactUpdateEvent;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.A2aErrors;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentChannel;
import dev.acf.client.AgentIdentity;
import dev.acf.client.EventStream;
import dev.acf.client.TestPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An agent served by {@link AgentHost} over real mutual TLS, called by the SDK's channel and by raw JSON-RPC. */
class AgentHostTest {
    static final AgentName AGENT = AgentName.parse("ans://v1.0.0.echo.ops.example.net");
    static final AgentName CALLER = AgentName.parse("ans://v1.0.0.noc.ops.example.net");

    static TestPki pki;
    static AgentIdentity caller;
    static TestAgent logic;
    static AgentHost host;
    static AcfClient client;
    static AgentChannel echo;
    static OkHttpClient raw;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        caller = pki.certify(CALLER);
        logic = new TestAgent();
        AgentIdentity identity = pki.certify(AGENT);
        host = AgentHost.builder()
                .identity(identity)
                .card("Echoes and reports.", AgentSkill.builder("echo", "Echo", "Says back what it hears.").tags(List.of("echo")).build())
                .handler(logic)
                .build()
                .start();
        client = AcfClient.builder().ans(URI.create("http://127.0.0.1:9")).identity(caller).build();
        echo = client.agentAt(AGENT, host.endpoint());
        raw = new OkHttpClient.Builder()
                .sslSocketFactory(caller.sslContext().getSocketFactory(), (X509TrustManager) caller.trustManagers()[0])
                .hostnameVerifier((h, s) -> true)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        host.close();
    }

    private static JsonNode rawCall(String json, String... headers) throws Exception {
        Request.Builder request = new Request.Builder().url(host.endpoint().toString())
                .post(RequestBody.create(json.getBytes(StandardCharsets.UTF_8), MediaType.get("application/json")));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (Response response = raw.newCall(request.build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return AcfJson.readTree(response.body().bytes());
        }
    }

    @Test
    void directReplyAnswersSendMessageWithAMessageAndNoTask() {
        SendMessageResult answer = echo.send("hello");

        assertThat(answer).isInstanceOf(Message.class);
        assertThat(TaskContext.text((Message) answer)).isEqualTo("you said: hello");
        assertThat(((Message) answer).taskId()).isNull();
    }

    @Test
    void aMessageForOneSkillNamesItInTheMetadataAGatewayReadsInBothVersions() {
        Message message = AgentChannel.userMessage("skill", "line-test");

        assertThat(A2aJson.toTree(SendMessageRequest.of(message), A2aVersion.V1_0).path("message").path("metadata").path("skillId").asText())
                .isEqualTo("line-test");
        assertThat(A2aJson.toTree(SendMessageRequest.of(message), A2aVersion.V0_3).path("message").path("metadata").path("skillId").asText())
                .isEqualTo("line-test");
        assertThat(TaskContext.text((Message) echo.send(message))).isEqualTo("line-test");
        assertThat(TaskContext.text((Message) echo.withVersion(A2aVersion.V0_3).send(message))).isEqualTo("line-test");
    }

    @Test
    void eachCallIsAnsweredInTheVersionItsMethodNameSpeaks() throws Exception {
        String v1 = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + "\"messageId\":\"m1\",\"parts\":[{\"text\":\"report\"}]}}}";
        String v03 = "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"message/send\",\"params\":{\"message\":{\"kind\":\"message\","
                + "\"role\":\"user\",\"messageId\":\"m2\",\"parts\":[{\"kind\":\"text\",\"text\":\"report\"}]}}}";

        JsonNode modern = rawCall(v1, "A2A-Version", "1.0");
        JsonNode legacy = rawCall(v03);

        assertThat(modern.path("id").asInt()).isEqualTo(1);
        assertThat(modern.path("result").path("task").path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");
        assertThat(modern.path("result").path("task").path("artifacts").get(0).path("parts")).hasSize(2);
        assertThat(legacy.path("id").asText()).isEqualTo("a");
        assertThat(legacy.path("result").path("kind").asText()).isEqualTo("task");
        assertThat(legacy.path("result").path("status").path("state").asText()).isEqualTo("completed");

        String taskId = legacy.path("result").path("id").asText();
        JsonNode read = rawCall("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tasks/get\",\"params\":{\"id\":\"" + taskId + "\",\"historyLength\":1}}");
        assertThat(read.path("result").path("kind").asText()).isEqualTo("task");
        assertThat(read.path("result").path("history")).hasSize(1);
        List<Message> history = echo.getTask(taskId).history();
        assertThat(TaskContext.text(history.get(history.size() - 1))).isEqualTo("line 17 is fine");
    }

    @Test
    void streamStartsWithTheTaskThenNumberedStatusAndArtifactEventsInOrder() {
        List<StreamEvent> events;
        try (EventStream stream = echo.stream(AgentChannel.userMessage("report"))) {
            events = stream.toList();
            assertThat(stream.lastEventId()).contains("5");
        }

        assertThat(events).hasSize(5);
        assertThat(events.get(0)).isInstanceOfSatisfying(Task.class, t -> assertThat(t.status().state()).isEqualTo(TaskState.SUBMITTED));
        assertThat(events.get(1)).isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                s -> assertThat(s.status().state()).isEqualTo(TaskState.WORKING));
        assertThat(events.get(2)).isInstanceOf(TaskArtifactUpdateEvent.class);
        assertThat(events.get(3)).isInstanceOfSatisfying(TaskArtifactUpdateEvent.class, a -> assertThat(a.append()).isTrue());
        assertThat(events.get(4)).isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                s -> assertThat(s.status().state()).isEqualTo(TaskState.COMPLETED));
        String taskId = ((Task) events.get(0)).id();
        assertThat(echo.getTask(taskId).artifacts().get(0).parts()).extracting(p -> ((TextPart) p).text()).containsExactly("crc=0", "fec=3");
    }

    @Test
    void cancelSignalsTheHandlerAndEndsItsStream() throws Exception {
        EventStream stream = echo.stream(AgentChannel.userMessage("wait"));
        Task first = (Task) stream.next();
        assertThat(((TaskStatusUpdateEvent) stream.next()).status().state()).isEqualTo(TaskState.WORKING);

        Task canceled = echo.cancelTask(first.id());

        assertThat(canceled.status().state()).isEqualTo(TaskState.CANCELED);
        assertThat(logic.canceled.await(5, TimeUnit.SECONDS)).as("the handler heard of the cancel").isTrue();
        List<StreamEvent> rest = stream.toList();
        assertThat(rest).hasSize(1).first().isInstanceOfSatisfying(TaskStatusUpdateEvent.class,
                s -> assertThat(s.status().state()).isEqualTo(TaskState.CANCELED));
        assertThatThrownBy(() -> echo.cancelTask(first.id()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.code()).isEqualTo(A2aErrors.TASK_NOT_CANCELABLE));
    }

    @Test
    void inputRequiredTaskContinuesWithTheNextMessageOfTheSameTask() {
        Task asked = (Task) echo.send("ask");
        assertThat(asked.status().state()).isEqualTo(TaskState.INPUT_REQUIRED);

        Message followUp = Message.builder("m-follow", dev.acf.api.a2a.Role.USER).taskId(asked.id()).contextId(asked.contextId())
                .parts(List.of(TextPart.of("line 17"))).build();
        Task done = (Task) echo.send(followUp);

        assertThat(done.id()).isEqualTo(asked.id());
        assertThat(done.status().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(TaskContext.text(done.status().message())).isEqualTo("line 17 is fine (3 messages)");
    }

    @Test
    void handlerFailureFailsTheTaskWithoutLeakingInternals() {
        Task failed = (Task) echo.send("boom");

        assertThat(failed.status().state()).isEqualTo(TaskState.FAILED);
        assertThat(TaskContext.text(failed.status().message())).isEqualTo("the agent failed while handling the message")
                .doesNotContain("10.0.4.7");
    }

    @Test
    void unknownTaskAndMethodAreTypedErrors() throws Exception {
        assertThatThrownBy(() -> echo.getTask("no-such-task"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).isEqualTo(A2aErrors.TASK_NOT_FOUND));

        JsonNode unknown = rawCall("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tasks/explode\",\"params\":{}}");
        assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32601);
        JsonNode malformed = rawCall("{\"jsonrpc\":\"2.0\",\"id\":8,");
        assertThat(malformed.path("error").path("code").asInt()).isEqualTo(-32700);
        JsonNode badParams = rawCall("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"SendMessage\",\"params\":{\"message\":{}}}");
        assertThat(badParams.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(badParams.path("id").asInt()).isEqualTo(9);
    }

    @Test
    void listTasksPagesThroughTasksOfAContextNewestFirst() throws Exception {
        String context = "ctx-list";
        for (int i = 0; i < 3; i++) {
            echo.send(Message.builder("list-" + i, dev.acf.api.a2a.Role.USER).contextId(context).parts(List.of(TextPart.of("report"))).build());
        }

        JsonNode first = rawCall("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ListTasks\",\"params\":{\"contextId\":\"" + context + "\",\"pageSize\":2}}");
        JsonNode tasks = first.path("result").path("tasks");
        assertThat(tasks).hasSize(2);
        assertThat(first.path("result").path("totalSize").asInt()).isEqualTo(3);
        assertThat(tasks.get(0).path("artifacts").isMissingNode()).as("artifacts only when asked").isTrue();
        assertThat(tasks.get(0).path("history").get(0).path("messageId").asText()).isEqualTo("list-2");
        String token = first.path("result").path("nextPageToken").asText();
        JsonNode second = rawCall("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ListTasks\",\"params\":{\"contextId\":\"" + context
                + "\",\"pageSize\":2,\"pageToken\":\"" + token + "\"}}");
        assertThat(second.path("result").path("tasks")).hasSize(1);
        assertThat(second.path("result").path("tasks").get(0).path("history").get(0).path("messageId").asText()).isEqualTo("list-0");
        assertThat(second.path("result").path("nextPageToken").asText()).isEmpty();
    }

    @Test
    void cardIsServedWithTheEndpointInBothVersionsShapes() throws Exception {
        try (Response response = raw.newCall(new Request.Builder().url(host.endpoint().resolve("/.well-known/agent-card.json").toString()).build()).execute()) {
            JsonNode card = AcfJson.readTree(response.body().bytes());
            assertThat(card.path("name").asText()).isEqualTo("echo");
            assertThat(card.path("supportedInterfaces").get(0).path("url").asText()).isEqualTo(host.endpoint().toString());
            assertThat(card.path("url").asText()).as("the v0.3 field").isEqualTo(host.endpoint().toString());
            assertThat(card.path("preferredTransport").asText()).isEqualTo("JSONRPC");
        }
        assertThat(echo.card().skills()).extracting(AgentSkill::id).containsExactly("echo");
    }

    @Test
    void callerIsTheAgentNamedInTheClientCertificate() {
        assertThat(TaskContext.text((Message) echo.send("caller"))).isEqualTo(CALLER.toString());
    }

    @Test
    void callerWithoutCertificateIsRefusedInTheHandshake() throws Exception {
        javax.net.ssl.SSLContext anonymous = javax.net.ssl.SSLContext.getInstance("TLS");
        anonymous.init(null, caller.trustManagers(), null);
        OkHttpClient noCertificate = raw.newBuilder().sslSocketFactory(anonymous.getSocketFactory(),
                (X509TrustManager) caller.trustManagers()[0]).build();
        Request request = new Request.Builder().url(host.endpoint().toString())
                .post(RequestBody.create("{}".getBytes(StandardCharsets.UTF_8), MediaType.get("application/json"))).build();

        assertThatThrownBy(() -> {
            try (Response response = noCertificate.newCall(request).execute()) {
                response.body().bytes();
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void peerWhoseCertificateNamesAnotherAgentIsNotTrusted() {
        AgentChannel wrong = client.agentAt(AgentName.parse("ans://v1.0.0.rca.ops.example.net"), host.endpoint());
        int before = logic.calls.get();

        assertThatThrownBy(() -> wrong.send("hello")).isInstanceOf(TrustException.class).hasMessageContaining("is not");
        assertThat(logic.calls.get()).as("nothing reached the agent").isEqualTo(before);
    }

    @Test
    void sendIsNotRetriedButGetTaskIs() throws Exception {
        try (dev.acf.api.testkit.TcpRelay relay = new dev.acf.api.testkit.TcpRelay(host.address())) {
            AgentChannel viaRelay = client.agentAt(AGENT, URI.create("https://127.0.0.1:" + relay.port() + "/a2a"));
            String taskId = ((Task) echo.send("report")).id();

            relay.refuseNext(1);
            assertThatThrownBy(() -> viaRelay.send("hello")).isInstanceOfSatisfying(AcfException.class,
                    e -> assertThat(e.code().id()).isEqualTo("unavailable"));
            assertThat(relay.connections()).isEqualTo(1);

            relay.refuseNext(1);
            assertThat(viaRelay.getTask(taskId).status().state()).isEqualTo(TaskState.COMPLETED);
            assertThat(relay.connections()).isEqualTo(3);
        }
    }

    @Test
    void newChannelsToOneAgentReuseTheConnection() throws Exception {
        try (dev.acf.api.testkit.TcpRelay relay = new dev.acf.api.testkit.TcpRelay(host.address())) {
            URI viaRelay = URI.create("https://127.0.0.1:" + relay.port() + "/a2a");

            client.agentAt(AGENT, viaRelay).send("first");
            client.agentAt(AGENT, viaRelay).send("second");

            assertThat(relay.connections()).as("one TLS connection for both channels").isEqualTo(1);
        }
    }

    @Test
    void timedOutSendReachesTheAgentOnce() {
        try (AcfClient impatient = AcfClient.builder().ans(URI.create("http://127.0.0.1:9")).identity(caller)
                .callTimeout(Duration.ofMillis(500)).build()) {
            int before = logic.calls.get();
            CompletableFuture<SendMessageResult> sent = CompletableFuture.supplyAsync(() -> impatient.agentAt(AGENT, host.endpoint()).send("hold"));

            assertThat(sent).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(AcfException.class, e -> assertThat(e.code().id()).isEqualTo("upstream_timeout"));
            logic.hold.release();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> logic.calls.get() == before + 1);
        }
    }

    @Test
    void v03ChannelStreamsTheSameEvents() {
        List<StreamEvent> events = echo.withVersion(A2aVersion.V0_3).stream(AgentChannel.userMessage("report")).toList();

        assertThat(events).hasSize(5);
        assertThat(events.get(4)).isInstanceOfSatisfying(TaskStatusUpdateEvent.class, s -> assertThat(s.isFinal()).isTrue());
    }
}
