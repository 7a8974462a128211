package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.AcfException;
import java.util.Optional;

/**
 * Fuzzes the A2A readers (REL-5): JSON-RPC requests and their typed params, JSON-RPC responses
 * and their results, and Agent Cards of either protocol version. Any bytes either read or fail
 * with an {@link AcfException} answering 4xx; what reads writes back to an equal value.
 */
class A2aFuzzTest {

    @FuzzTest
    void jsonRpcRequestsAndTheirParamsReadOrFailWithAClientError(byte[] body) {
        JsonRpcRequest request;
        try {
            request = A2aJson.read(body, JsonRpcRequest.class);
        } catch (AcfException e) {
            assertClientError(e);
            return;
        }
        for (A2aVersion version : A2aVersion.values()) {
            JsonRpcRequest again = A2aJson.read(A2aJson.write(request, version), JsonRpcRequest.class);
            assertThat(again.method()).isEqualTo(request.method());
            assertThat(again.id()).isEqualTo(request.id());
        }
        Optional<A2aMethod> method = request.a2aMethod();
        JsonNode params = request.params();
        if (method.isEmpty() || params == null) {
            return;
        }
        Class<?> type = switch (method.get()) {
            case SEND_MESSAGE, SEND_STREAMING_MESSAGE -> SendMessageRequest.class;
            case GET_TASK, LIST_TASKS -> TaskQueryParams.class;
            case CREATE_TASK_PUSH_NOTIFICATION_CONFIG -> TaskPushNotificationConfig.class;
            default -> TaskIdParams.class;
        };
        try {
            Object typed = A2aJson.convert(params, type);
            assertThat(A2aJson.convert(A2aJson.toTree(typed, A2aVersion.V1_0), type)).isEqualTo(typed);
            // v0.3 has no place for some v1.0 fields: it must read back, not necessarily equal.
            A2aJson.convert(A2aJson.toTree(typed, A2aVersion.V0_3), type);
        } catch (AcfException e) {
            assertClientError(e);
        }
    }

    @FuzzTest
    void jsonRpcResponsesAndTheirResultsReadOrFailWithAClientError(byte[] body) {
        JsonRpcResponse response;
        try {
            response = A2aJson.read(body, JsonRpcResponse.class);
        } catch (AcfException e) {
            assertClientError(e);
            return;
        }
        JsonNode result = response.result();
        if (result == null) {
            return;
        }
        for (Class<?> type : new Class<?>[] {SendMessageResponse.class, Task.class, StreamResponse.class}) {
            try {
                Object typed = A2aJson.convert(result, type);
                assertThat(A2aJson.convert(A2aJson.toTree(typed, A2aVersion.V1_0), type)).isEqualTo(typed);
                A2aJson.convert(A2aJson.toTree(typed, A2aVersion.V0_3), type);
            } catch (AcfException e) {
                assertClientError(e);
            }
        }
    }

    @FuzzTest
    void agentCardsReadAndWriteBackInBothVersionsOrFailWithAClientError(byte[] body) {
        AgentCard card;
        try {
            card = A2aJson.read(body, AgentCard.class);
        } catch (AcfException e) {
            assertClientError(e);
            return;
        }
        A2aJson.detectVersion(body);
        assertThat(A2aJson.read(A2aJson.write(card, A2aVersion.V1_0), AgentCard.class)).isEqualTo(card);
        A2aJson.read(A2aJson.write(card, A2aVersion.V0_3), AgentCard.class);
        assertThat(A2aJson.convert(A2aJson.dualVersionCard(card), AgentCard.class)).isEqualTo(card);
    }

    private static void assertClientError(AcfException e) {
        assertThat(e.httpStatus()).as("status of %s: %s", e.code(), e.getMessage()).isBetween(400, 499);
    }
}
