package dev.acf.api.a2a;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-RPC methods of A2A, by their v1.0 names, each knowing its v0.3 alias.
 *
 * <p>{@link #fromWireName(String)} accepts both spellings, so a server can dispatch requests of
 * either version with one table. {@link #LIST_TASKS} is new in v1.0 and has no v0.3 alias.
 */
public enum A2aMethod {
    /** Sends a message; answers a task or a message. */
    SEND_MESSAGE("SendMessage", "message/send", false, false),
    /** Sends a message and streams the task's events (SSE). */
    SEND_STREAMING_MESSAGE("SendStreamingMessage", "message/stream", true, false),
    /** Reads a task. */
    GET_TASK("GetTask", "tasks/get", false, true),
    /** Lists tasks, with filters and pages (v1.0 only). */
    LIST_TASKS("ListTasks", null, false, true),
    /** Asks the agent to cancel a task. */
    CANCEL_TASK("CancelTask", "tasks/cancel", false, false),
    /** Streams the events of a running task (SSE); v0.3 called it resubscribe. */
    SUBSCRIBE_TO_TASK("SubscribeToTask", "tasks/resubscribe", true, true),
    /** Creates a push-notification config for a task. */
    CREATE_TASK_PUSH_NOTIFICATION_CONFIG("CreateTaskPushNotificationConfig",
            "tasks/pushNotificationConfig/set", false, false),
    /** Reads a push-notification config. */
    GET_TASK_PUSH_NOTIFICATION_CONFIG("GetTaskPushNotificationConfig",
            "tasks/pushNotificationConfig/get", false, true),
    /** Lists the push-notification configs of a task. */
    LIST_TASK_PUSH_NOTIFICATION_CONFIGS("ListTaskPushNotificationConfigs",
            "tasks/pushNotificationConfig/list", false, true),
    /** Deletes a push-notification config. */
    DELETE_TASK_PUSH_NOTIFICATION_CONFIG("DeleteTaskPushNotificationConfig",
            "tasks/pushNotificationConfig/delete", false, false),
    /** Reads the extended agent card an authenticated client may see. */
    GET_EXTENDED_AGENT_CARD("GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard", false, true);

    private final String wireName;
    private final @Nullable String v03Name;
    private final boolean streaming;
    private final boolean idempotent;

    A2aMethod(String wireName, @Nullable String v03Name, boolean streaming, boolean idempotent) {
        this.wireName = wireName;
        this.v03Name = v03Name;
        this.streaming = streaming;
        this.idempotent = idempotent;
    }

    /** Returns the v1.0 method name, such as {@code SendMessage}. */
    public String wireName() {
        return wireName;
    }

    /** Returns the v0.3 method name, such as {@code message/send}; empty for v1.0-only methods. */
    public Optional<String> v03Name() {
        return Optional.ofNullable(v03Name);
    }

    /** Returns the method name in a version; empty when the method does not exist in it. */
    public Optional<String> wireName(A2aVersion version) {
        return version == A2aVersion.V1_0 ? Optional.of(wireName) : v03Name();
    }

    /** Returns whether the method answers with a stream of server-sent events. */
    public boolean isStreaming() {
        return streaming;
    }

    /**
     * Returns whether repeating the call cannot change the agent's state, so a client or
     * gateway may retry it after a timeout. Sending a message, canceling a task and creating
     * or deleting a push config are not: the agent may have acted on the first attempt.
     */
    public boolean isIdempotent() {
        return idempotent;
    }

    /** The methods, read per call without {@code values()}'s copy. */
    private static final A2aMethod[] ALL = values();

    /** Returns the method with this v1.0 or v0.3 name, if any; names are case-sensitive. */
    public static Optional<A2aMethod> fromWireName(String name) {
        for (A2aMethod method : ALL) {
            if (method.wireName.equals(name) || name.equals(method.v03Name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    /** Returns the version whose spelling this method name is, if it names an A2A method. */
    public static Optional<A2aVersion> versionOf(String name) {
        for (A2aMethod method : ALL) {
            if (method.wireName.equals(name)) {
                return Optional.of(A2aVersion.V1_0);
            }
            if (name.equals(method.v03Name)) {
                return Optional.of(A2aVersion.V0_3);
            }
        }
        return Optional.empty();
    }
}
