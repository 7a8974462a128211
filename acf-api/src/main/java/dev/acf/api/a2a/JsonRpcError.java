package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code error} member of a JSON-RPC 2.0 response, with the standard codes and A2A's own
 * ({@code -32001} to {@code -32009}). The factories use the messages the A2A schema proposes.
 * Immutable and thread-safe: {@code data} is copied in and out.
 *
 * @param code the code
 * @param message a short description for people
 * @param data more detail, if any
 */
public record JsonRpcError(int code, String message, @Nullable JsonNode data) {
    /** The body is not valid JSON. */
    public static final int PARSE_ERROR = -32700;
    /** The body is not a valid JSON-RPC request. */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist or is not offered. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** The parameters are not valid for the method. */
    public static final int INVALID_PARAMS = -32602;
    /** The server failed. */
    public static final int INTERNAL_ERROR = -32603;
    /** A2A: no such task, or not visible to the caller. */
    public static final int TASK_NOT_FOUND = -32001;
    /** A2A: the task cannot be canceled (it may have ended). */
    public static final int TASK_NOT_CANCELABLE = -32002;
    /** A2A: the agent does not send push notifications. */
    public static final int PUSH_NOTIFICATION_NOT_SUPPORTED = -32003;
    /** A2A: the agent does not support this operation. */
    public static final int UNSUPPORTED_OPERATION = -32004;
    /** A2A: a media type of the request is not supported. */
    public static final int CONTENT_TYPE_NOT_SUPPORTED = -32005;
    /** A2A: the agent answered something invalid. */
    public static final int INVALID_AGENT_RESPONSE = -32006;
    /** A2A: the agent has no extended card (v0.3: AuthenticatedExtendedCardNotConfiguredError). */
    public static final int EXTENDED_AGENT_CARD_NOT_CONFIGURED = -32007;
    /** A2A 1.0: the request needs an extension the client did not declare. */
    public static final int EXTENSION_SUPPORT_REQUIRED = -32008;
    /** A2A 1.0: the requested protocol version is not supported. */
    public static final int VERSION_NOT_SUPPORTED = -32009;

    /** Validates the message is present and copies the data. */
    public JsonRpcError {
        Objects.requireNonNull(message, "message");
        data = Copies.node(data);
    }

    /** Returns a copy of the data, if any. */
    @Override
    public @Nullable JsonNode data() {
        return Copies.node(data);
    }

    /** Returns whether the code is one of A2A's own ({@code -32001} to {@code -32099}). */
    public boolean isA2aError() {
        return code <= -32001 && code >= -32099;
    }

    /** The body is not valid JSON; {@code detail} says where. */
    public static JsonRpcError parseError(String detail) {
        return withDetail(PARSE_ERROR, "Invalid JSON payload", detail);
    }

    /** The body is not a valid JSON-RPC request; {@code detail} says why. */
    public static JsonRpcError invalidRequest(String detail) {
        return withDetail(INVALID_REQUEST, "Request payload validation error", detail);
    }

    /** The method does not exist; the data names it. */
    public static JsonRpcError methodNotFound(String method) {
        return new JsonRpcError(METHOD_NOT_FOUND, "Method not found", object("method", method));
    }

    /** The parameters are not valid; {@code detail} says why. */
    public static JsonRpcError invalidParams(String detail) {
        return withDetail(INVALID_PARAMS, "Invalid parameters", detail);
    }

    /** The server failed; the message never carries internals. */
    public static JsonRpcError internalError() {
        return new JsonRpcError(INTERNAL_ERROR, "Internal error", null);
    }

    /** No such task; the data names it. */
    public static JsonRpcError taskNotFound(String taskId) {
        return new JsonRpcError(TASK_NOT_FOUND, "Task not found", object("taskId", taskId));
    }

    /** The task cannot be canceled; the data names it. */
    public static JsonRpcError taskNotCancelable(String taskId) {
        return new JsonRpcError(TASK_NOT_CANCELABLE, "Task cannot be canceled", object("taskId", taskId));
    }

    /** The agent does not send push notifications. */
    public static JsonRpcError pushNotificationNotSupported() {
        return new JsonRpcError(PUSH_NOTIFICATION_NOT_SUPPORTED, "Push Notification is not supported", null);
    }

    /** The agent does not support the operation; {@code detail} says which. */
    public static JsonRpcError unsupportedOperation(String detail) {
        return withDetail(UNSUPPORTED_OPERATION, "This operation is not supported", detail);
    }

    /** A media type of the request is not supported; the data names it. */
    public static JsonRpcError contentTypeNotSupported(String mediaType) {
        return new JsonRpcError(CONTENT_TYPE_NOT_SUPPORTED, "Incompatible content types",
                object("mediaType", mediaType));
    }

    /** The agent answered something invalid; {@code detail} says what. */
    public static JsonRpcError invalidAgentResponse(String detail) {
        return withDetail(INVALID_AGENT_RESPONSE, "Invalid agent response", detail);
    }

    /** The agent has no extended card. */
    public static JsonRpcError extendedAgentCardNotConfigured() {
        return new JsonRpcError(EXTENDED_AGENT_CARD_NOT_CONFIGURED, "Extended agent card is not configured", null);
    }

    /** The request needs an extension the client did not declare; the data names it. */
    public static JsonRpcError extensionSupportRequired(String extensionUri) {
        return new JsonRpcError(EXTENSION_SUPPORT_REQUIRED, "Extension support is required",
                object("extension", extensionUri));
    }

    /** The requested protocol version is not supported; the data names it. */
    public static JsonRpcError versionNotSupported(String version) {
        return new JsonRpcError(VERSION_NOT_SUPPORTED, "Protocol version is not supported",
                object("version", version));
    }

    private static JsonRpcError withDetail(int code, String message, String detail) {
        return new JsonRpcError(code, message, object("detail", detail));
    }

    private static JsonNode object(String field, String value) {
        return JsonNodeFactory.instance.objectNode().put(field, value);
    }
}
