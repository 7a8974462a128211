package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class A2aJsonTest {
    private static final List<String> NAMES = List.of("agent-card.json", "send-message-request.json", "task.json",
            "status-update-event.json", "artifact-update-event.json");

    @Test
    void detectsTheVersionOfEveryFixture() {
        for (String name : NAMES) {
            assertThat(A2aJson.detectVersion(Fixtures.bytes("v1/" + name))).as("v1/" + name).contains(A2aVersion.V1_0);
            assertThat(A2aJson.detectVersion(Fixtures.bytes("v0_3/" + name))).as("v0_3/" + name)
                    .contains(A2aVersion.V0_3);
        }
        assertThat(A2aJson.detectVersion(Fixtures.bytes("v1/error-response.json"))).isEmpty();
    }

    @Test
    void ignoresUserContentWhenDetectingTheVersion() {
        JsonNode v10 = A2aJson.toTree(Message.builder("m", Role.USER).parts(TextPart.of("hi"))
                .metadata(Map.of("kind", "text", "state", "working", "role", "user")).build(), A2aVersion.V1_0);

        assertThat(A2aJson.detectVersion(v10)).contains(A2aVersion.V1_0);
    }

    @Test
    void ignoresUnknownFieldsEverywhere() {
        Task task = A2aJson.read("""
                {"id": "t", "contextId": "c", "shinyNewField": [1, 2],
                 "status": {"state": "TASK_STATE_WORKING", "progress": 0.5},
                 "history": [{"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "hi", "lang": "en"}],
                              "priority": "high"}]}
                """, Task.class);

        assertThat(task).isEqualTo(Task.builder("t", TaskStatus.of(TaskState.WORKING)).contextId("c")
                .history(List.of(Message.builder("m", Role.USER).parts(TextPart.of("hi")).build())).build());
    }

    @Test
    void writesNoNullsInEitherVersion() {
        Message sparse = Message.builder("m", Role.AGENT).parts(TextPart.of("x")).build();
        Task task = Task.builder("t", new TaskStatus(TaskState.WORKING, sparse, null)).build();
        AgentCard card = AgentCard.builder("a", "b", "1")
                .supportedInterfaces(new AgentInterface("https://a", "JSONRPC", null, "1.0")).build();
        for (A2aVersion version : A2aVersion.values()) {
            for (Object value : List.of(task, card, new StreamResponse(task), SendMessageRequest.of(sparse))) {
                String json = A2aJson.writeString(value, version);
                assertThat(json).as(version + " " + value.getClass().getSimpleName()).doesNotContain("null");
            }
        }
        assertThat(A2aJson.writeString(task, A2aVersion.V1_0))
                .isEqualTo("{\"id\":\"t\",\"status\":{\"state\":\"TASK_STATE_WORKING\",\"message\":{\"messageId\":\"m\","
                        + "\"role\":\"ROLE_AGENT\",\"parts\":[{\"text\":\"x\"}]}}}");
    }

    @Test
    void readsEveryFixtureOfBothVersionsIntoTheSameModelTypes() {
        for (String version : List.of("v1", "v0_3")) {
            assertThat(A2aJson.read(Fixtures.bytes(version + "/agent-card.json"), AgentCard.class).name())
                    .isEqualTo("Recipe Agent");
            JsonRpcResponse status = A2aJson.read(Fixtures.bytes(version + "/status-update-event.json"),
                    JsonRpcResponse.class);
            assertThat(A2aJson.convert(status.result(), StreamEvent.class))
                    .isInstanceOf(TaskStatusUpdateEvent.class);
        }
    }

    @Test
    void turnsMalformedDocumentsIntoMalformedJsonErrors() {
        assertThatThrownBy(() -> A2aJson.read("{\"id\": \"t\", \"status\": {}}", Task.class))
                .isInstanceOf(ValidationException.class)
                .hasMessage("malformed JSON at $.status: \"state\" is required")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThatThrownBy(() -> A2aJson.read("{\"id\": \"t\", \"status\": {\"state\": \"sleeping\"}}", Task.class))
                .hasMessage("malformed JSON at $.status.state: unknown task state \"sleeping\"");
        assertThatThrownBy(() -> A2aJson.read("{\"id\": \"\", \"status\": {\"state\": \"working\"}}", Task.class))
                .hasMessage("malformed JSON at $: id must not be empty");
        assertThatThrownBy(() -> A2aJson.read("{\"id\": \"t\"", Task.class))
                .hasMessageStartingWith("malformed JSON")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThatThrownBy(() -> A2aJson.read("{\"messageId\": \"m\", \"parts\": []}", Message.class))
                .hasMessage("malformed JSON at $: \"role\" is required");
        assertThatThrownBy(() -> A2aJson.read("null", Task.class))
                .hasMessage("malformed JSON at $: expected Task, was null");
    }

    @Test
    void writesBytesAsUtf8() {
        byte[] bytes = A2aJson.write(TextPart.of("crème brûlée"), A2aVersion.V0_3);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"text\",\"text\":\"crème brûlée\"}");
    }

    @Test
    void usesOneMapperPerVersion() {
        assertThat(A2aJson.mapper(A2aVersion.V1_0)).isSameAs(A2aJson.mapper(A2aVersion.V1_0))
                .isNotSameAs(A2aJson.mapper(A2aVersion.V0_3));
    }
}
