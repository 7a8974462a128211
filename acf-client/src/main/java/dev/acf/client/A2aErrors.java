package dev.acf.client;

import dev.acf.api.a2a.JsonRpcError;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.error.ValidationException;

/**
 * The error codes of A2A calls ({@link AgentChannel}): each JSON-RPC error an agent answers
 * becomes a typed {@link AcfException} with one of these codes or a standard one, so callers
 * branch on {@link AcfException#code()} whatever the wire said.
 *
 * <table>
 *   <caption>JSON-RPC errors and the exceptions they become</caption>
 *   <tr><th>JSON-RPC</th><th>exception</th><th>code</th></tr>
 *   <tr><td>-32700 parse error</td><td>{@link ValidationException}</td><td>{@code malformed_json}</td></tr>
 *   <tr><td>-32600 invalid request, -32602 invalid params</td><td>{@link ValidationException}</td><td>{@code invalid_request}</td></tr>
 *   <tr><td>-32601 method not found</td><td>{@link ValidationException}</td><td>{@link #METHOD_NOT_FOUND}</td></tr>
 *   <tr><td>-32001 task not found</td><td>{@link NotFoundException}</td><td>{@link #TASK_NOT_FOUND}</td></tr>
 *   <tr><td>-32002 task not cancelable</td><td>{@link ConflictException}</td><td>{@link #TASK_NOT_CANCELABLE}</td></tr>
 *   <tr><td>-32003, -32004, -32007, -32008 unsupported</td><td>{@link ValidationException}</td><td>{@link #UNSUPPORTED_OPERATION}</td></tr>
 *   <tr><td>-32005 content type not supported</td><td>{@link ValidationException}</td><td>{@link #CONTENT_TYPE_NOT_SUPPORTED}</td></tr>
 *   <tr><td>-32009 version not supported</td><td>{@link ValidationException}</td><td>{@code invalid_version}</td></tr>
 *   <tr><td>-32603 internal, -32006 invalid agent response, others</td><td>{@link UnavailableException}</td><td>{@code upstream_failed}</td></tr>
 * </table>
 */
public final class A2aErrors {
    /** The agent has no such task (or does not show it to this caller). */
    public static final ErrorCode TASK_NOT_FOUND = new ErrorCode("task_not_found", 404);
    /** The task has ended and cannot be canceled. */
    public static final ErrorCode TASK_NOT_CANCELABLE = new ErrorCode("task_not_cancelable", 409);
    /** The agent does not offer the JSON-RPC method. */
    public static final ErrorCode METHOD_NOT_FOUND = new ErrorCode("method_not_found", 400);
    /** The agent does not support the operation (push notifications, extended card, a needed extension). */
    public static final ErrorCode UNSUPPORTED_OPERATION = new ErrorCode("unsupported_operation", 400);
    /** The agent does not accept a media type of the request. */
    public static final ErrorCode CONTENT_TYPE_NOT_SUPPORTED = new ErrorCode("content_type_not_supported", 415);

    private A2aErrors() {}

    /** Returns the exception for a JSON-RPC error an agent answered. */
    public static AcfException toException(JsonRpcError error, String agent) {
        String message = "agent " + agent + " answered JSON-RPC error " + error.code() + " (" + error.message() + ")"
                + (error.data() == null ? "" : ": " + error.data());
        return switch (error.code()) {
            case JsonRpcError.PARSE_ERROR -> new ValidationException(ErrorCode.MALFORMED_JSON, message);
            case JsonRpcError.INVALID_REQUEST, JsonRpcError.INVALID_PARAMS -> new ValidationException(ErrorCode.INVALID_REQUEST, message);
            case JsonRpcError.METHOD_NOT_FOUND -> new ValidationException(METHOD_NOT_FOUND, message);
            case JsonRpcError.TASK_NOT_FOUND -> new NotFoundException(TASK_NOT_FOUND, message);
            case JsonRpcError.TASK_NOT_CANCELABLE -> new ConflictException(TASK_NOT_CANCELABLE, message);
            case JsonRpcError.PUSH_NOTIFICATION_NOT_SUPPORTED, JsonRpcError.UNSUPPORTED_OPERATION,
                 JsonRpcError.EXTENDED_AGENT_CARD_NOT_CONFIGURED, JsonRpcError.EXTENSION_SUPPORT_REQUIRED ->
                    new ValidationException(UNSUPPORTED_OPERATION, message);
            case JsonRpcError.CONTENT_TYPE_NOT_SUPPORTED -> new ValidationException(CONTENT_TYPE_NOT_SUPPORTED, message);
            case JsonRpcError.VERSION_NOT_SUPPORTED -> new ValidationException(ErrorCode.INVALID_VERSION, message);
            default -> new UnavailableException(ErrorCode.UPSTREAM_FAILED, message);
        };
    }
}
