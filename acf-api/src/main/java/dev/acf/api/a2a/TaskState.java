package dev.acf.api.a2a;

import java.util.Optional;

/**
 * The lifecycle state of a {@link Task}.
 *
 * <p>On the wire v1.0 writes {@code TASK_STATE_INPUT_REQUIRED}, v0.3 writes
 * {@code input-required}; {@link #UNSPECIFIED} is v1.0's {@code TASK_STATE_UNSPECIFIED} and
 * v0.3's {@code unknown}.
 */
public enum TaskState {
    /** The state is not known. */
    UNSPECIFIED(0, "unknown"),
    /** The agent acknowledged the task. */
    SUBMITTED(1, "submitted"),
    /** The agent is working on the task. */
    WORKING(2, "working"),
    /** The task finished successfully (terminal). */
    COMPLETED(3, "completed"),
    /** The task finished with an error (terminal). */
    FAILED(4, "failed"),
    /** The task was canceled (terminal). */
    CANCELED(5, "canceled"),
    /** The agent waits for more input from the client (interrupted). */
    INPUT_REQUIRED(6, "input-required"),
    /** The agent declined the task (terminal). */
    REJECTED(7, "rejected"),
    /** The agent waits for the client to authenticate (interrupted). */
    AUTH_REQUIRED(8, "auth-required");

    private final int protoNumber;
    private final String v03Name;

    TaskState(int protoNumber, String v03Name) {
        this.protoNumber = protoNumber;
        this.v03Name = v03Name;
    }

    /** Returns the wire name for a version, such as {@code TASK_STATE_WORKING} or {@code working}. */
    public String wireName(A2aVersion version) {
        return version == A2aVersion.V1_0 ? "TASK_STATE_" + name() : v03Name;
    }

    /** Returns whether the task can no longer change: completed, failed, canceled or rejected. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED || this == REJECTED;
    }

    /** Returns whether the task waits for the client: input or authentication required. */
    public boolean isInterrupted() {
        return this == INPUT_REQUIRED || this == AUTH_REQUIRED;
    }

    /** Returns the state with this wire name in either version, if any. */
    public static Optional<TaskState> fromWireName(String name) {
        for (TaskState state : values()) {
            if (state.v03Name.equals(name) || ("TASK_STATE_" + state.name()).equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Returns the state with this protobuf enum number (ProtoJSON readers accept numbers), if any. */
    static Optional<TaskState> fromProtoNumber(int number) {
        for (TaskState state : values()) {
            if (state.protoNumber == number) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Returns whether this wire name is the v0.3 spelling (used to detect a document's version). */
    static boolean isV03Name(String name) {
        for (TaskState state : values()) {
            if (state.v03Name.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
