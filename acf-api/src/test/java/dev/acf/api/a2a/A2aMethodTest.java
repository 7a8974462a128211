package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class A2aMethodTest {
    private static final Map<String, String> V10_TO_V03 = Map.ofEntries(
            Map.entry("SendMessage", "message/send"),
            Map.entry("SendStreamingMessage", "message/stream"),
            Map.entry("GetTask", "tasks/get"),
            Map.entry("CancelTask", "tasks/cancel"),
            Map.entry("SubscribeToTask", "tasks/resubscribe"),
            Map.entry("CreateTaskPushNotificationConfig", "tasks/pushNotificationConfig/set"),
            Map.entry("GetTaskPushNotificationConfig", "tasks/pushNotificationConfig/get"),
            Map.entry("ListTaskPushNotificationConfigs", "tasks/pushNotificationConfig/list"),
            Map.entry("DeleteTaskPushNotificationConfig", "tasks/pushNotificationConfig/delete"),
            Map.entry("GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard"));

    @Test
    void resolvesBothNamesOfEveryMethodToTheSameConstant() {
        V10_TO_V03.forEach((v10, v03) -> {
            A2aMethod method = A2aMethod.fromWireName(v10).orElseThrow();
            assertThat(A2aMethod.fromWireName(v03)).contains(method);
            assertThat(method.wireName()).isEqualTo(v10);
            assertThat(method.v03Name()).contains(v03);
            assertThat(method.wireName(A2aVersion.V0_3)).contains(v03);
            assertThat(method.wireName(A2aVersion.V1_0)).contains(v10);
        });
    }

    @Test
    void listTasksExistsOnlyInV10() {
        assertThat(A2aMethod.fromWireName("ListTasks")).contains(A2aMethod.LIST_TASKS);
        assertThat(A2aMethod.LIST_TASKS.v03Name()).isEmpty();
        assertThat(A2aMethod.LIST_TASKS.wireName(A2aVersion.V0_3)).isEmpty();
        assertThat(A2aMethod.fromWireName("tasks/list")).isEmpty();
    }

    @Test
    void everyMethodIsNamedInTheTables() {
        assertThat(A2aMethod.values()).hasSize(V10_TO_V03.size() + 1);
    }

    @Test
    void refusesUnknownAndWronglyCasedNames() {
        assertThat(A2aMethod.fromWireName("sendMessage")).isEmpty();
        assertThat(A2aMethod.fromWireName("Message/Send")).isEmpty();
        assertThat(A2aMethod.fromWireName("tasks/send")).isEmpty();
        assertThat(A2aMethod.fromWireName("")).isEmpty();
    }

    @Test
    void tellsTheVersionOfAMethodName() {
        assertThat(A2aMethod.versionOf("message/send")).contains(A2aVersion.V0_3);
        assertThat(A2aMethod.versionOf("SendMessage")).contains(A2aVersion.V1_0);
        assertThat(A2aMethod.versionOf("myorg.ext/do")).isEmpty();
    }

    @Test
    void onlySendStreamingMessageAndSubscribeToTaskStream() {
        assertThat(Arrays.stream(A2aMethod.values()).filter(A2aMethod::isStreaming))
                .containsExactlyInAnyOrder(A2aMethod.SEND_STREAMING_MESSAGE, A2aMethod.SUBSCRIBE_TO_TASK);
    }

    @Test
    void readsAreSafeToRetryButStateChangesAreNot() {
        assertThat(Arrays.stream(A2aMethod.values()).filter(A2aMethod::isIdempotent)).containsExactlyInAnyOrder(
                A2aMethod.GET_TASK, A2aMethod.LIST_TASKS, A2aMethod.GET_EXTENDED_AGENT_CARD,
                A2aMethod.SUBSCRIBE_TO_TASK, A2aMethod.GET_TASK_PUSH_NOTIFICATION_CONFIG,
                A2aMethod.LIST_TASK_PUSH_NOTIFICATION_CONFIGS);
        assertThat(A2aMethod.SEND_MESSAGE.isIdempotent()).isFalse();
        assertThat(A2aMethod.CANCEL_TASK.isIdempotent()).isFalse();
    }
}
