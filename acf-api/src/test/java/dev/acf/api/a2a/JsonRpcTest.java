package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import org.junit.jupiter.api.Test;

class JsonRpcTest {
    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> A2aJson.read(json, JsonRpcRequest.class))
                .isInstanceOf(ValidationException.class)
                .hasMessage(message)
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void readsARequestAndItsA2aMethodInEitherSpelling() {
        JsonRpcRequest v10 = A2aJson.read(Fixtures.bytes("v1/send-message-request.json"), JsonRpcRequest.class);
        JsonRpcRequest v03 = A2aJson.read(Fixtures.bytes("v0_3/send-message-request.json"), JsonRpcRequest.class);

        assertThat(v10.id()).isEqualTo(TextNode.valueOf("req-42"));
        assertThat(v10.a2aMethod()).contains(A2aMethod.SEND_MESSAGE);
        assertThat(v03.a2aMethod()).contains(A2aMethod.SEND_MESSAGE);
        assertThat(v03.method()).isEqualTo("message/send");
        assertThat(v10.isNotification()).isFalse();
    }

    @Test
    void rejectsMalformedRequestsWithPreciseMessages() {
        assertInvalid("{\"method\": \"GetTask\", \"id\": 1}",
                "invalid JSON-RPC request: \"jsonrpc\" is required and must be \"2.0\"");
        assertInvalid("{\"jsonrpc\": \"1.0\", \"method\": \"GetTask\", \"id\": 1}",
                "invalid JSON-RPC request: \"jsonrpc\" must be \"2.0\", was \"1.0\"");
        assertInvalid("{\"jsonrpc\": 2.0, \"method\": \"GetTask\", \"id\": 1}",
                "invalid JSON-RPC request: \"jsonrpc\" must be the string \"2.0\", was a number");
        assertInvalid("{\"jsonrpc\": \"2.0\", \"id\": 1}", "invalid JSON-RPC request: \"method\" is required");
        assertInvalid("{\"jsonrpc\": \"2.0\", \"method\": 5, \"id\": 1}",
                "invalid JSON-RPC request: \"method\" must be a string, was a number");
        assertInvalid("{\"jsonrpc\": \"2.0\", \"method\": \"GetTask\", \"id\": {\"n\": 1}}",
                "invalid JSON-RPC request: \"id\" must be a string, a number or null, was an object");
        assertInvalid("{\"jsonrpc\": \"2.0\", \"method\": \"GetTask\", \"id\": true}",
                "invalid JSON-RPC request: \"id\" must be a string, a number or null, was a boolean");
        assertInvalid("{\"jsonrpc\": \"2.0\", \"method\": \"GetTask\", \"id\": 1, \"params\": \"task-1\"}",
                "invalid JSON-RPC request: \"params\" must be an object or an array, was a string");
        assertInvalid("[{\"jsonrpc\": \"2.0\", \"method\": \"GetTask\", \"id\": 1}]",
                "invalid JSON-RPC request: expected an object, was an array (batches are not supported)");
    }

    @Test
    void reportsUnparsableBodiesAsMalformedJsonNotInvalidRequests() {
        assertThatThrownBy(() -> A2aJson.read("{\"jsonrpc\": \"2.0\", \"method\": ", JsonRpcRequest.class))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("malformed JSON")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThatThrownBy(() -> A2aJson.read("", JsonRpcRequest.class))
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void acceptsNullAndNumericIdsAndNotifications() {
        JsonRpcRequest nullId = A2aJson.read("{\"jsonrpc\": \"2.0\", \"method\": \"GetTask\", \"id\": null}",
                JsonRpcRequest.class);
        JsonRpcRequest notification = A2aJson.read("{\"jsonrpc\": \"2.0\", \"method\": \"GetTask\"}",
                JsonRpcRequest.class);

        assertThat(nullId.id().isNull()).isTrue();
        assertThat(nullId.isNotification()).isFalse();
        assertThat(notification.isNotification()).isTrue();
        assertThat(A2aJson.writeString(notification, A2aVersion.V1_0)).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"GetTask\"}");
        assertThat(A2aJson.writeString(JsonRpcRequest.of(3, A2aMethod.GET_TASK, A2aVersion.V0_3,
                A2aJson.toTree(TaskQueryParams.of("task-1"), A2aVersion.V0_3)), A2aVersion.V0_3))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tasks/get\",\"params\":{\"id\":\"task-1\"}}");
    }

    @Test
    void refusesToNameAV10OnlyMethodInV03() {
        assertThatThrownBy(() -> JsonRpcRequest.of(1, A2aMethod.LIST_TASKS, A2aVersion.V0_3, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ListTasks does not exist in A2A 0.3");
    }

    @Test
    void roundTripsTheErrorResponseFixture() {
        JsonNode fixture = Fixtures.tree("v1/error-response.json");

        JsonRpcResponse response = A2aJson.convert(fixture, JsonRpcResponse.class);

        assertThat(response.isSuccess()).isFalse();
        assertThat(response.error().code()).isEqualTo(JsonRpcError.TASK_NOT_FOUND);
        assertThat(response.error().isA2aError()).isTrue();
        assertThat(response.error()).isEqualTo(JsonRpcError.taskNotFound("task-404"));
        assertThat(A2aJson.toTree(response, A2aVersion.V1_0)).isEqualTo(fixture);
        assertThat(A2aJson.toTree(response, A2aVersion.V0_3)).isEqualTo(fixture);
    }

    @Test
    void writesTheNullIdOfAResponseToAnUnreadableRequest() {
        JsonRpcResponse response = JsonRpcResponse.failure(null, JsonRpcError.parseError("line 1, column 9"));

        assertThat(A2aJson.writeString(response, A2aVersion.V1_0)).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Invalid JSON payload\","
                        + "\"data\":{\"detail\":\"line 1, column 9\"}}}");
    }

    @Test
    void rejectsResponsesWithBothOrNeitherResultAndError() {
        assertThatThrownBy(() -> A2aJson.read("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {}, "
                + "\"error\": {\"code\": -32603, \"message\": \"Internal error\"}}", JsonRpcResponse.class))
                .isInstanceOf(ValidationException.class)
                .hasMessage("invalid JSON-RPC response: exactly one of \"result\" and \"error\" must be present, both were");
        assertThatThrownBy(() -> A2aJson.read("{\"jsonrpc\": \"2.0\", \"id\": 1}", JsonRpcResponse.class))
                .hasMessage("invalid JSON-RPC response: exactly one of \"result\" and \"error\" must be present, neither was");
        assertThatThrownBy(() -> A2aJson.read("{\"jsonrpc\": \"2.0\", \"result\": {}}", JsonRpcResponse.class))
                .hasMessageContaining("\"id\" is required");
        assertThatThrownBy(() -> A2aJson.read("{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": \"x\", "
                + "\"message\": \"m\"}}", JsonRpcResponse.class))
                .hasMessage("invalid JSON-RPC response: \"error.code\" must be an integer, was a string");
    }

    @Test
    void definesTheStandardAndA2aErrorCodes() {
        assertThat(new int[] {JsonRpcError.PARSE_ERROR, JsonRpcError.INVALID_REQUEST, JsonRpcError.METHOD_NOT_FOUND,
                JsonRpcError.INVALID_PARAMS, JsonRpcError.INTERNAL_ERROR})
                .containsExactly(-32700, -32600, -32601, -32602, -32603);
        assertThat(new int[] {JsonRpcError.TASK_NOT_FOUND, JsonRpcError.TASK_NOT_CANCELABLE,
                JsonRpcError.PUSH_NOTIFICATION_NOT_SUPPORTED, JsonRpcError.UNSUPPORTED_OPERATION,
                JsonRpcError.CONTENT_TYPE_NOT_SUPPORTED, JsonRpcError.INVALID_AGENT_RESPONSE,
                JsonRpcError.EXTENDED_AGENT_CARD_NOT_CONFIGURED, JsonRpcError.EXTENSION_SUPPORT_REQUIRED,
                JsonRpcError.VERSION_NOT_SUPPORTED})
                .containsExactly(-32001, -32002, -32003, -32004, -32005, -32006, -32007, -32008, -32009);
        assertThat(JsonRpcError.methodNotFound("tasks/send").data().get("method").asText()).isEqualTo("tasks/send");
        assertThat(JsonRpcError.invalidParams("x").isA2aError()).isFalse();
        assertThat(JsonRpcError.versionNotSupported("2.0").code()).isEqualTo(-32009);
    }

    @Test
    void copiesTreesSoResponsesStayImmutable() {
        var result = JsonNodeFactory.instance.objectNode().put("id", "task-1");
        JsonRpcResponse response = JsonRpcResponse.success(IntNode.valueOf(1), result);

        result.put("id", "changed");
        ((com.fasterxml.jackson.databind.node.ObjectNode) response.result()).put("id", "changed too");

        assertThat(response.result().get("id").asText()).isEqualTo("task-1");
    }

    @Test
    void errorResponsesConformToTheV03Schema() {
        JsonRpcResponse response = JsonRpcResponse.failure(TextNode.valueOf("r"), JsonRpcError.taskNotCancelable("t"));

        assertThat(V03Schema.load().violations("JSONRPCErrorResponse", A2aJson.toTree(response, A2aVersion.V0_3)))
                .isEmpty();
    }
}
