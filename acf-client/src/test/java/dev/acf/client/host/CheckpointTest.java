package dev.acf.client.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.Artifact;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.client.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent side of the session contract over real mutual TLS: {@code acf.seq} on every event,
 * checkpoints in the stream, and the hand-over of a task ({@code acf.restore}) honoured from a
 * trusted gateway only.
 */
class CheckpointTest {
    static final AgentName AGENT = AgentName.parse("ans://v1.0.0.counter.ops.example.net");
    static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway.ops.example.net");
    static final AgentName CALLER = AgentName.parse("ans://v1.0.0.noc.ops.example.net");

    /** What each turn was restored from (empty when it was not). */
    static final List<Optional<Restored>> turns = new CopyOnWriteArrayList<>();
    static AgentHost host;
    static OkHttpClient asGateway;
    static OkHttpClient asCaller;

    /** One SSE frame as the host wrote it. */
    record Frame(long id, JsonNode event) {
        long seq() {
            return event.path("metadata").path("acf.seq").asLong();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = new TestPki();
        host = AgentHost.builder()
                .identity(pki.certify(AGENT))
                .card("Counts to three.", AgentSkill.builder("count", "Count", "Counts.").build())
                .handler(CheckpointTest::count)
                .trustedGateways(AgentName.parse("ans://gateway.ops.example.net"))
                .build()
                .start();
        asGateway = client(pki.certify(GATEWAY));
        asCaller = client(pki.certify(CALLER));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    /** Streams steps 1 to 3, checkpointing the next step after step 1; continues from a restored checkpoint. */
    static Task count(TaskContext ctx, dev.acf.api.a2a.Message message) {
        turns.add(ctx.restored());
        int first = ctx.restored().filter(Restored::hasCheckpoint).map(r -> r.stateAsJson().path("next").asInt()).orElse(1);
        for (int step = first; step <= 3; step++) {
            ctx.artifact(Artifact.of("step-" + step, null, List.of(TextPart.of("step " + step))));
            if (step == 1) {
                ctx.checkpoint(AcfJson.mapper().createObjectNode().put("next", 2));
            }
        }
        return ctx.complete("counted");
    }

    private static OkHttpClient client(AgentIdentity identity) {
        return new OkHttpClient.Builder()
                .sslSocketFactory(identity.sslContext().getSocketFactory(), (X509TrustManager) identity.trustManagers()[0])
                .hostnameVerifier((h, s) -> true)
                .build();
    }

    private static String send(String metadata) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SendStreamingMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + "\"messageId\":\"m-1\",\"parts\":[{\"text\":\"count\"}],\"metadata\":{" + metadata + "}}}}";
    }

    private static String restore(String taskId, long sequence, String state) {
        return "\"acf.restore\":{\"taskId\":\"" + taskId + "\",\"contextId\":\"ctx-9\",\"sequence\":" + sequence
                + (state.isEmpty() ? "" : ",\"state\":\"" + Base64.getEncoder().encodeToString(state.getBytes(StandardCharsets.UTF_8)) + "\"")
                + ",\"delivered\":" + (sequence + 1) + "}";
    }

    /** Posts a streaming call and reads its frames to the end; each frame's event is the result's single member. */
    private static List<Frame> stream(OkHttpClient client, String body) throws Exception {
        Request request = new Request.Builder().url(host.endpoint().toString()).header("Accept", "text/event-stream")
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("application/json"))).build();
        List<Frame> frames = new ArrayList<>();
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            for (String block : response.body().string().split("\n\n")) {
                long id = -1;
                JsonNode data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4));
                    } else if (line.startsWith("data: ")) {
                        data = AcfJson.readTree(line.substring(6).getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (data != null) {
                    frames.add(new Frame(id, data.path("result").elements().next()));
                }
            }
        }
        return frames;
    }

    private static List<String> shapes(List<Frame> frames) {
        return frames.stream().map(f -> f.event().has("artifact") ? f.event().path("artifact").path("artifactId").asText()
                : f.event().has("history") ? "task" : f.event().path("metadata").has("acf.checkpoint") ? "checkpoint"
                : f.event().path("status").path("state").asText()).toList();
    }

    @Test
    void everyEventCarriesItsSseIdAsAcfSeqAndACheckpointRepeatsTheStateWithItsOwnSequence() throws Exception {
        List<Frame> frames = stream(asCaller, send(""));

        assertThat(shapes(frames)).containsExactly("task", "step-1", "checkpoint", "step-2", "step-3", "TASK_STATE_COMPLETED");
        assertThat(frames).extracting(Frame::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(frames).allSatisfy(f -> assertThat(f.seq()).isEqualTo(f.id()));
        JsonNode checkpoint = frames.get(2).event();
        assertThat(checkpoint.path("status").path("state").asText()).as("the current state, repeated").isEqualTo("TASK_STATE_SUBMITTED");
        assertThat(checkpoint.path("metadata").path("acf.checkpoint").path("sequence").asLong()).isEqualTo(3);
        assertThat(new String(Base64.getDecoder().decode(checkpoint.path("metadata").path("acf.checkpoint").path("state").asText()),
                StandardCharsets.UTF_8)).isEqualTo("{\"next\":2}");
        String taskId = frames.get(0).event().path("id").asText();
        assertThat(host.taskStore().get(taskId).orElseThrow().metadata()).doesNotContainKey("acf.seq");
    }

    @Test
    void aTrustedGatewayHandsOverATaskThatContinuesUnderItsIdsAfterTheCheckpoint() throws Exception {
        turns.clear();

        List<Frame> frames = stream(asGateway, send(restore("task-42", 3, "{\"next\":2}")));

        assertThat(turns).singleElement().satisfies(r -> assertThat(r).hasValueSatisfying(restored -> {
            assertThat(restored.sequence()).isEqualTo(3);
            assertThat(restored.delivered()).isEqualTo(4);
            assertThat(restored.stateAsJson().path("next").asInt()).isEqualTo(2);
        }));
        assertThat(shapes(frames)).as("no task object: the caller has it").containsExactly("step-2", "step-3", "TASK_STATE_COMPLETED");
        assertThat(frames).extracting(Frame::seq).containsExactly(4L, 5L, 6L);
        assertThat(frames).extracting(Frame::id).containsExactly(4L, 5L, 6L);
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.event().path("taskId").asText()).isEqualTo("task-42");
            assertThat(f.event().path("contextId").asText()).isEqualTo("ctx-9");
        });
        Task stored = host.taskStore().get("task-42").orElseThrow();
        assertThat(stored.status().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(stored.contextId()).isEqualTo("ctx-9");
        assertThat(stored.history().get(0).metadata()).as("the mark is not kept").doesNotContainKey("acf.restore");
    }

    @Test
    void aHandOverWithoutCheckpointStartsTheTaskOverUnderItsIdsFromEventOne() throws Exception {
        turns.clear();

        List<Frame> frames = stream(asGateway, send(restore("task-43", 0, "")));

        assertThat(turns).singleElement().satisfies(r -> assertThat(r).hasValueSatisfying(restored -> {
            assertThat(restored.hasCheckpoint()).isFalse();
            assertThat(restored.state()).isEmpty();
        }));
        assertThat(shapes(frames)).containsExactly("task", "step-1", "checkpoint", "step-2", "step-3", "TASK_STATE_COMPLETED");
        assertThat(frames).extracting(Frame::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(frames.get(0).event().path("id").asText()).isEqualTo("task-43");
    }

    @Test
    void aRestoreMarkFromAPeerThatIsNoTrustedGatewayIsIgnored() throws Exception {
        turns.clear();

        List<Frame> frames = stream(asCaller, send(restore("task-44", 3, "{\"next\":2}")));

        assertThat(turns).singleElement().isEqualTo(Optional.empty());
        assertThat(shapes(frames)).containsExactly("task", "step-1", "checkpoint", "step-2", "step-3", "TASK_STATE_COMPLETED");
        String taskId = frames.get(0).event().path("id").asText();
        assertThat(taskId).isNotEqualTo("task-44");
        assertThat(host.taskStore().get("task-44")).isEmpty();
        assertThat(host.taskStore().get(taskId).orElseThrow().history().get(0).metadata()).doesNotContainKey("acf.restore");
    }
}
