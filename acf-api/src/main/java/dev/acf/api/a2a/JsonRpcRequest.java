package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A JSON-RPC 2.0 request. Immutable and thread-safe: the trees are copied in and out.
 *
 * <p>The constructor enforces the JSON-RPC shape and raises {@link ValidationException}
 * ({@code invalid_request}) with a precise message, so a server can answer
 * {@link JsonRpcError#INVALID_REQUEST} with it. Reading the parameters as a typed A2A record
 * is {@link A2aJson#convert(JsonNode, Class)}.
 *
 * @param jsonrpc the protocol version, always {@value #VERSION}
 * @param id the request's id: a string, a number or JSON {@code null}; Java {@code null} when
 *     absent (a notification)
 * @param method the method name, such as {@code SendMessage} or {@code message/send}
 * @param params the parameters: an object or an array; {@code null} when absent
 */
public record JsonRpcRequest(String jsonrpc, @Nullable JsonNode id, String method, @Nullable JsonNode params) {
    /** The only JSON-RPC version. */
    public static final String VERSION = "2.0";

    /** Validates the JSON-RPC 2.0 shape. */
    public JsonRpcRequest {
        if (!VERSION.equals(jsonrpc)) {
            throw invalid("\"jsonrpc\" must be \"2.0\", was " + (jsonrpc == null ? "missing" : "\"" + jsonrpc + "\""));
        }
        JsonRpcResponse.checkId(id, "request");
        if (method == null || method.isEmpty()) {
            throw invalid("\"method\" must be a non-empty string");
        }
        if (params != null && !params.isObject() && !params.isArray()) {
            throw invalid("\"params\" must be an object or an array, was " + JsonRpcResponse.kind(params));
        }
        id = Copies.node(id);
        params = Copies.node(params);
    }

    /** Returns a request for an A2A method in a version's spelling. */
    public static JsonRpcRequest of(Object id, A2aMethod method, A2aVersion version, @Nullable JsonNode params) {
        String name = method.wireName(version).orElseThrow(() ->
                new IllegalArgumentException(method.wireName() + " does not exist in A2A " + version.headerValue()));
        return new JsonRpcRequest(VERSION, idNode(id), name, params);
    }

    /** Returns a copy of the id, or {@code null} when absent. */
    @Override
    public @Nullable JsonNode id() {
        return Copies.node(id);
    }

    /** Returns a copy of the parameters, or {@code null} when absent. */
    @Override
    public @Nullable JsonNode params() {
        return Copies.node(params);
    }

    /** Returns whether the request has no id, so it expects no answer. */
    public boolean isNotification() {
        return id == null;
    }

    /** Returns the A2A method named, in either version's spelling, if it is one. */
    public Optional<A2aMethod> a2aMethod() {
        return A2aMethod.fromWireName(method);
    }

    /** Turns a string or a whole number into an id node. */
    static JsonNode idNode(Object id) {
        return switch (id) {
            case String text -> TextNode.valueOf(text);
            case Integer number -> IntNode.valueOf(number);
            case Long number -> LongNode.valueOf(number);
            case JsonNode node -> node;
            default -> throw new IllegalArgumentException("a JSON-RPC id is a string or a whole number, was " + id);
        };
    }

    private static ValidationException invalid(String reason) {
        return new ValidationException(ErrorCode.INVALID_REQUEST, "invalid JSON-RPC request: " + reason);
    }
}
