package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskJsonTest {
    private static JsonNode result(String fixture) {
        return A2aJson.read(Fixtures.bytes(fixture), JsonRpcResponse.class).result();
    }

    @Test
    void readsTheSameTaskWithHistoryAndArtifactsFromBothVersions() {
        Task v10 = A2aJson.convert(result("v1/task.json"), Task.class);
        Task v03 = A2aJson.convert(result("v0_3/task.json"), Task.class);

        assertThat(v10.id()).isEqualTo("task-9");
        assertThat(v10.status().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(v10.status().timestamp()).isEqualTo(Instant.parse("2026-03-14T09:26:53.589Z"));
        assertThat(v10.status().message().role()).isEqualTo(Role.AGENT);
        assertThat(v10.history()).extracting(Message::role).containsExactly(Role.USER, Role.AGENT);
        assertThat(v10.history().get(1).referenceTaskIds()).containsExactly("task-3");
        assertThat(v10.artifacts()).singleElement().satisfies(artifact -> {
            assertThat(artifact.name()).isEqualTo("Spinach frittata");
            assertThat(artifact.parts().get(1)).isInstanceOf(DataPart.class);
            assertThat(((DataPart) artifact.parts().get(1)).data().get(2).asText()).isEqualTo("feta");
        });
        assertThat(v10.metadata()).isEqualTo(Map.of("costCents", 3));
        // v0.3 cannot carry the markdown media type; otherwise the documents say the same.
        Artifact artifact = v10.artifacts().get(0);
        Part markdown = artifact.parts().get(0);
        Task withoutMediaType = Task.builder(v10.id(), v10.status()).contextId(v10.contextId()).history(v10.history())
                .metadata(v10.metadata())
                .artifacts(List.of(new Artifact(artifact.artifactId(), artifact.name(), artifact.description(),
                        List.of(TextPart.of(((TextPart) markdown).text()), artifact.parts().get(1)),
                        artifact.metadata(), artifact.extensions())))
                .build();
        assertThat(v03).isEqualTo(withoutMediaType);
    }

    @Test
    void readsV03KindDiscriminatorsAndKebabStates() {
        JsonNode v03 = result("v0_3/task.json");
        assertThat(v03.findValuesAsText("kind")).contains("task", "message", "text", "data");

        Task task = A2aJson.convert(v03, Task.class);

        assertThat(task.status().state()).isEqualTo(TaskState.COMPLETED);
        assertThat(A2aJson.read("{\"state\": \"input-required\"}", TaskStatus.class).state())
                .isEqualTo(TaskState.INPUT_REQUIRED);
        assertThat(A2aJson.read("{\"state\": 8}", TaskStatus.class).state()).isEqualTo(TaskState.AUTH_REQUIRED);
    }

    @Test
    void roundTripsTaskAndEventFixturesOfBothVersionsExactly() {
        for (String version : List.of("v1", "v0_3")) {
            A2aVersion target = version.equals("v1") ? A2aVersion.V1_0 : A2aVersion.V0_3;
            for (String name : List.of("task.json", "status-update-event.json", "artifact-update-event.json")) {
                JsonNode fixture = Fixtures.tree(version + "/" + name);
                JsonRpcResponse response = A2aJson.convert(fixture, JsonRpcResponse.class);
                Object model = name.equals("task.json")
                        ? A2aJson.convert(response.result(), Task.class)
                        : A2aJson.convert(response.result(), StreamResponse.class);

                JsonRpcResponse rewritten = JsonRpcResponse.success(response.id(), A2aJson.toTree(model, target));

                assertThat(A2aJson.toTree(rewritten, target)).as(version + "/" + name).isEqualTo(fixture);
            }
        }
    }

    @Test
    void wrapsV10StreamEventsAndWritesV03OnesBareWithKind() {
        StreamResponse status = A2aJson.convert(result("v0_3/status-update-event.json"), StreamResponse.class);
        StreamResponse artifact = A2aJson.convert(result("v1/artifact-update-event.json"), StreamResponse.class);

        assertThat(status.event()).isInstanceOfSatisfying(TaskStatusUpdateEvent.class, event -> {
            assertThat(event.status().state()).isEqualTo(TaskState.INPUT_REQUIRED);
            assertThat(event.metadata()).containsEntry("step", 2);
        });
        assertThat(artifact.event()).isInstanceOfSatisfying(TaskArtifactUpdateEvent.class, event -> {
            assertThat(event.append()).isTrue();
            assertThat(event.lastChunk()).isTrue();
        });
        JsonNode v10 = A2aJson.toTree(status, A2aVersion.V1_0);
        assertThat(v10.at("/statusUpdate/status/state").asText()).isEqualTo("TASK_STATE_INPUT_REQUIRED");
        assertThat(v10.at("/statusUpdate").has("final")).isFalse();
        JsonNode v03 = A2aJson.toTree(artifact, A2aVersion.V0_3);
        assertThat(v03.get("kind").asText()).isEqualTo("artifact-update");
        assertThat(v03.has("artifactUpdate")).isFalse();
    }

    @Test
    void derivesV03FinalFromTheStatesThatEndTheStream() {
        for (TaskState state : TaskState.values()) {
            TaskStatusUpdateEvent event = new TaskStatusUpdateEvent("t", "c", TaskStatus.of(state), Map.of());
            assertThat(A2aJson.toTree(new StreamResponse(event), A2aVersion.V0_3).get("final").booleanValue())
                    .as(state.name()).isEqualTo(state.isTerminal() || state.isInterrupted());
        }
    }

    @Test
    void wrapsSendMessageResultsInV10Only() {
        Task task = Task.builder("task-1", TaskStatus.of(TaskState.SUBMITTED)).contextId("ctx").build();
        Message reply = Message.builder("m-1", Role.AGENT).parts(TextPart.of("done")).build();

        assertThat(A2aJson.toTree(new SendMessageResponse(task), A2aVersion.V1_0).at("/task/status/state").asText())
                .isEqualTo("TASK_STATE_SUBMITTED");
        assertThat(A2aJson.toTree(new SendMessageResponse(reply), A2aVersion.V1_0).at("/message/role").asText())
                .isEqualTo("ROLE_AGENT");
        assertThat(A2aJson.toTree(new SendMessageResponse(task), A2aVersion.V0_3).get("kind").asText())
                .isEqualTo("task");
        assertThat(A2aJson.read("{\"message\": {\"messageId\": \"m-1\", \"role\": \"ROLE_AGENT\", "
                + "\"parts\": [{\"text\": \"done\"}]}}", SendMessageResponse.class).result()).isEqualTo(reply);
        assertThatThrownBy(() -> A2aJson.convert(result("v1/status-update-event.json"), SendMessageResponse.class))
                .isInstanceOf(ValidationException.class)
                .hasMessage("malformed JSON at $: expected a task or a message, was a task update event");
    }

    @Test
    void readsTimestampsWithOffsetsAndWithoutThem() {
        assertThat(A2aJson.read("{\"state\": \"working\", \"timestamp\": \"2026-03-14T10:26:53+01:00\"}",
                TaskStatus.class).timestamp()).isEqualTo(Instant.parse("2026-03-14T09:26:53Z"));
        assertThat(A2aJson.read("{\"state\": \"working\", \"timestamp\": \"2026-03-14T09:26:53.123456\"}",
                TaskStatus.class).timestamp()).isEqualTo(Instant.parse("2026-03-14T09:26:53.123456Z"));
    }

    @Test
    void v03TasksAndEventsWrittenByUsConformToTheV03Schema() {
        V03Schema schema = V03Schema.load();
        assertThat(schema.violations("GetTaskSuccessResponse", Fixtures.tree("v0_3/task.json"))).isEmpty();
        Task task = A2aJson.convert(result("v1/task.json"), Task.class);
        JsonRpcResponse taskResponse = JsonRpcResponse.success(null, A2aJson.toTree(task, A2aVersion.V0_3));
        assertThat(schema.violations("GetTaskSuccessResponse", A2aJson.toTree(taskResponse, A2aVersion.V0_3)))
                .isEmpty();
        for (String name : List.of("v1/status-update-event.json", "v1/artifact-update-event.json")) {
            StreamResponse event = A2aJson.convert(result(name), StreamResponse.class);
            JsonRpcResponse frame = JsonRpcResponse.success(null, A2aJson.toTree(event, A2aVersion.V0_3));
            assertThat(schema.violations("SendStreamingMessageSuccessResponse", A2aJson.toTree(frame, A2aVersion.V0_3)))
                    .as(name).isEmpty();
        }
    }
}
