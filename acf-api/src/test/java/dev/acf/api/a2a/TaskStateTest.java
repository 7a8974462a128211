package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskStateTest {
    @Test
    void spellsEachStateInBothVersions() {
        assertThat(TaskState.INPUT_REQUIRED.wireName(A2aVersion.V1_0)).isEqualTo("TASK_STATE_INPUT_REQUIRED");
        assertThat(TaskState.INPUT_REQUIRED.wireName(A2aVersion.V0_3)).isEqualTo("input-required");
        assertThat(TaskState.AUTH_REQUIRED.wireName(A2aVersion.V0_3)).isEqualTo("auth-required");
        assertThat(TaskState.UNSPECIFIED.wireName(A2aVersion.V0_3)).isEqualTo("unknown");
        assertThat(TaskState.UNSPECIFIED.wireName(A2aVersion.V1_0)).isEqualTo("TASK_STATE_UNSPECIFIED");
        for (TaskState state : TaskState.values()) {
            assertThat(TaskState.fromWireName(state.wireName(A2aVersion.V0_3))).contains(state);
            assertThat(TaskState.fromWireName(state.wireName(A2aVersion.V1_0))).contains(state);
        }
        assertThat(TaskState.fromWireName("input_required")).isEmpty();
    }

    @Test
    void writesAndReadsEnumsAloneInEachVersion() {
        assertThat(A2aJson.writeString(TaskState.AUTH_REQUIRED, A2aVersion.V0_3)).isEqualTo("\"auth-required\"");
        assertThat(A2aJson.writeString(TaskState.AUTH_REQUIRED, A2aVersion.V1_0))
                .isEqualTo("\"TASK_STATE_AUTH_REQUIRED\"");
        assertThat(A2aJson.writeString(Role.USER, A2aVersion.V1_0)).isEqualTo("\"ROLE_USER\"");
        assertThat(A2aJson.read("\"canceled\"", TaskState.class)).isEqualTo(TaskState.CANCELED);
        assertThat(A2aJson.read("\"ROLE_AGENT\"", Role.class)).isEqualTo(Role.AGENT);
    }

    @Test
    void classifiesTerminalAndInterruptedStates() {
        assertThat(TaskState.values()).filteredOn(TaskState::isTerminal)
                .containsExactlyInAnyOrder(TaskState.COMPLETED, TaskState.FAILED, TaskState.CANCELED, TaskState.REJECTED);
        assertThat(TaskState.values()).filteredOn(TaskState::isInterrupted)
                .containsExactlyInAnyOrder(TaskState.INPUT_REQUIRED, TaskState.AUTH_REQUIRED);
    }

    @Test
    void spellsRolesInBothVersions() {
        assertThat(Role.USER.wireName(A2aVersion.V1_0)).isEqualTo("ROLE_USER");
        assertThat(Role.AGENT.wireName(A2aVersion.V0_3)).isEqualTo("agent");
        assertThat(Role.fromWireName("ROLE_AGENT")).contains(Role.AGENT);
        assertThat(Role.fromWireName("user")).contains(Role.USER);
        assertThat(Role.fromWireName("ROLE_UNSPECIFIED")).isEmpty();
    }
}
