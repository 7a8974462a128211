package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.acf.api.error.ValidationException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendMessageJsonTest {
    private static SendMessageRequest params(String fixture) {
        JsonRpcRequest request = A2aJson.read(Fixtures.bytes(fixture), JsonRpcRequest.class);
        return A2aJson.convert(request.params(), SendMessageRequest.class);
    }

    @Test
    void readsTheSameMessageFromBothVersions() {
        SendMessageRequest v10 = params("v1/send-message-request.json");
        SendMessageRequest v03 = params("v0_3/send-message-request.json");

        for (SendMessageRequest request : List.of(v10, v03)) {
            Message message = request.message();
            assertThat(message.messageId()).isEqualTo("msg-001");
            assertThat(message.role()).isEqualTo(Role.USER);
            assertThat(message.contextId()).isEqualTo("ctx-7");
            assertThat(message.parts()).hasSize(4);
            assertThat(message.parts().get(0)).isEqualTo(TextPart.of("What can I cook with these?"));
            FilePart image = (FilePart) message.parts().get(1);
            assertThat(image.bytes()).startsWith(0x89, 'P', 'N', 'G');
            assertThat(image.filename()).isEqualTo("fridge.png");
            assertThat(image.mediaType()).isEqualTo("image/png");
            FilePart pdf = (FilePart) message.parts().get(2);
            assertThat(pdf.url()).isEqualTo("https://files.example.com/shopping-list.pdf");
            assertThat(pdf.raw()).isNull();
            DataPart data = (DataPart) message.parts().get(3);
            assertThat(data.data().get("servings").intValue()).isEqualTo(4);
            assertThat(data.metadata()).containsEntry("source", "profile");
            SendMessageConfiguration config = request.configuration();
            assertThat(config.acceptedOutputModes()).containsExactly("text/plain", "text/markdown");
            assertThat(config.historyLength()).isEqualTo(10);
            assertThat(config.returnImmediately()).isTrue();
            assertThat(config.pushNotificationConfig().url()).isEqualTo("https://client.example.com/a2a/webhook");
            assertThat(config.pushNotificationConfig().authentication())
                    .isEqualTo(new AuthenticationInfo("Bearer", "secret-token"));
            assertThat(request.metadata()).isEqualTo(Map.of("traceId", "trace-123"));
        }
        assertThat(v10.tenant()).isEqualTo("kitchen-eu");
        assertThat(v10.message().extensions()).containsExactly("https://example.com/extensions/nutrition/v1");
    }

    @Test
    void writesV10PartsWithoutKind() {
        JsonNode parts = A2aJson.toTree(params("v1/send-message-request.json"), A2aVersion.V1_0).at("/message/parts");

        assertThat(parts.findValues("kind")).isEmpty();
        assertThat(parts.get(0).get("text").asText()).isEqualTo("What can I cook with these?");
        assertThat(parts.get(1).has("raw")).isTrue();
        assertThat(parts.get(1).get("filename").asText()).isEqualTo("fridge.png");
        assertThat(parts.get(2).get("url").asText()).isEqualTo("https://files.example.com/shopping-list.pdf");
        assertThat(parts.get(3).get("data").get("diet").asText()).isEqualTo("vegetarian");
    }

    @Test
    void writesV03PartsWithKindAndNestedFiles() {
        JsonNode parts = A2aJson.toTree(params("v1/send-message-request.json"), A2aVersion.V0_3).at("/message/parts");

        assertThat(parts.findValuesAsText("kind")).containsExactly("text", "file", "file", "data");
        assertThat(parts.at("/1/file/name").asText()).isEqualTo("fridge.png");
        assertThat(parts.at("/1/file/mimeType").asText()).isEqualTo("image/png");
        assertThat(parts.at("/2/file/uri").asText()).isEqualTo("https://files.example.com/shopping-list.pdf");
        assertThat(parts.get(1).has("raw")).isFalse();
        assertThat(parts.get(3).has("mediaType")).isFalse();
    }

    @Test
    void roundTripsBothSendMessageFixturesExactly() {
        for (A2aVersion version : A2aVersion.values()) {
            String name = (version == A2aVersion.V1_0 ? "v1" : "v0_3") + "/send-message-request.json";
            JsonNode fixture = Fixtures.tree(name);
            JsonRpcRequest request = A2aJson.convert(fixture, JsonRpcRequest.class);
            SendMessageRequest params = A2aJson.convert(request.params(), SendMessageRequest.class);

            JsonRpcRequest rewritten = JsonRpcRequest.of(request.id(), request.a2aMethod().orElseThrow(), version,
                    A2aJson.toTree(params, version));

            assertThat(A2aJson.toTree(rewritten, version)).as(name).isEqualTo(fixture);
        }
    }

    @Test
    void mapsReturnImmediatelyToTheNegationOfBlocking() {
        SendMessageConfiguration waits = new SendMessageConfiguration(List.of(), null, null, false);
        assertThat(A2aJson.toTree(waits, A2aVersion.V0_3).get("blocking").booleanValue()).isTrue();
        assertThat(A2aJson.toTree(waits, A2aVersion.V1_0).has("returnImmediately")).isFalse();

        assertThat(A2aJson.read("{\"blocking\": false}", SendMessageConfiguration.class).returnImmediately()).isTrue();
        assertThat(A2aJson.read("{\"blocking\": true}", SendMessageConfiguration.class).returnImmediately()).isFalse();
        assertThat(A2aJson.read("{\"returnImmediately\": true}", SendMessageConfiguration.class).returnImmediately())
                .isTrue();
        assertThat(A2aJson.read("{}", SendMessageConfiguration.class).returnImmediately()).isFalse();
    }

    @Test
    void wrapsNonObjectDataForV03AndUnwrapsItOnRead() {
        DataPart list = DataPart.of(JsonNodeFactory.instance.arrayNode().add("eggs").add("feta"));

        JsonNode v03 = A2aJson.toTree(list, A2aVersion.V0_3);

        assertThat(v03.at("/data/value/1").asText()).isEqualTo("feta");
        assertThat(v03.at("/metadata/data_part_compat").booleanValue()).isTrue();
        assertThat(A2aJson.convert(v03, Part.class)).isEqualTo(list);
        assertThat(A2aJson.toTree(list, A2aVersion.V1_0).get("data").isArray()).isTrue();
    }

    @Test
    void keepsFileBytesAsCanonicalBase64() {
        byte[] content = {(byte) 0xfb, (byte) 0xff, 0x01};
        Part urlSafe = A2aJson.read("{\"raw\": \"-_8B\"}", Part.class);

        assertThat(((FilePart) urlSafe).bytes()).containsExactly(content);
        assertThat(((FilePart) urlSafe).raw()).isEqualTo(Base64.getEncoder().encodeToString(content));
        assertThat(FilePart.ofBytes(content, null, null)).isEqualTo(urlSafe);
    }

    @Test
    void refusesPartsWithNoneOrSeveralContents() {
        assertThatThrownBy(() -> A2aJson.read("{\"mediaType\": \"text/plain\"}", Part.class))
                .isInstanceOf(ValidationException.class)
                .hasMessage("malformed JSON at $: a part needs one of \"text\", \"raw\", \"url\" or \"data\"");
        assertThatThrownBy(() -> A2aJson.read("{\"text\": \"a\", \"url\": \"https://x\"}", Part.class))
                .hasMessageContaining("a part has only one of");
        assertThatThrownBy(() -> A2aJson.read("{\"kind\": \"video\"}", Part.class))
                .hasMessage("malformed JSON at $.kind: unknown part kind \"video\"");
        assertThatThrownBy(() -> A2aJson.read("{\"raw\": \"not base64!\"}", Part.class))
                .hasMessageStartingWith("malformed JSON at $: file part bytes are not valid base64");
    }

    @Test
    void refusesAMessageWithAnUnknownRoleNamingThePath() {
        assertThatThrownBy(() -> A2aJson.read("""
                {"message": {"messageId": "m", "role": "ROLE_SYSTEM", "parts": [{"text": "hi"}]}}
                """, SendMessageRequest.class))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("malformed JSON at $.message.role: unknown role \"ROLE_SYSTEM\"");
    }

    @Test
    void readsV03PushConfigsNestedAndWritesThemBack() {
        String v03 = """
                {"taskId": "task-9", "pushNotificationConfig": {"id": "cfg-1", "url": "https://hook.example.com",
                 "authentication": {"schemes": ["Bearer", "Basic"], "credentials": "s3cr3t"}}}
                """;
        TaskPushNotificationConfig config = A2aJson.read(v03, TaskPushNotificationConfig.class);

        assertThat(config.taskId()).isEqualTo("task-9");
        assertThat(config.id()).isEqualTo("cfg-1");
        assertThat(config.authentication().scheme()).isEqualTo("Bearer");
        assertThat(config.toString()).doesNotContain("s3cr3t");
        JsonNode v10 = A2aJson.toTree(config, A2aVersion.V1_0);
        assertThat(v10.get("url").asText()).isEqualTo("https://hook.example.com");
        assertThat(v10.at("/authentication/scheme").asText()).isEqualTo("Bearer");
        assertThat(A2aJson.toTree(config, A2aVersion.V0_3).at("/pushNotificationConfig/authentication/schemes/0")
                .asText()).isEqualTo("Bearer");
    }

    @Test
    void v03SendMessageRequestsWrittenByUsConformToTheV03Schema() {
        V03Schema schema = V03Schema.load();
        assertThat(schema.violations("SendMessageRequest", Fixtures.tree("v0_3/send-message-request.json"))).isEmpty();
        SendMessageRequest params = params("v1/send-message-request.json");
        JsonRpcRequest request = JsonRpcRequest.of("req-1", A2aMethod.SEND_MESSAGE, A2aVersion.V0_3,
                A2aJson.toTree(params, A2aVersion.V0_3));

        assertThat(schema.violations("SendMessageRequest", A2aJson.toTree(request, A2aVersion.V0_3))).isEmpty();
    }
}
