package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * A JSON-RPC 2.0 response: a {@code result} or an {@code error}, never both. Immutable and
 * thread-safe: the trees are copied in and out.
 *
 * <p>The {@code result} is a tree so the response is version-neutral; build it with
 * {@link A2aJson#toTree(Object, A2aVersion)} and read it with
 * {@link A2aJson#convert(JsonNode, Class)}. The constructor raises {@link ValidationException}
 * ({@code invalid_request}) when the shape is not JSON-RPC 2.0.
 *
 * @param jsonrpc the protocol version, always {@value JsonRpcRequest#VERSION}
 * @param id the id of the request answered: a string, a number, or JSON {@code null} when it
 *     could not be read
 * @param result the result when the call succeeded
 * @param error the error when it failed
 */
public record JsonRpcResponse(String jsonrpc, JsonNode id, @Nullable JsonNode result, @Nullable JsonRpcError error) {
    /** Validates the JSON-RPC 2.0 shape. */
    public JsonRpcResponse {
        if (!JsonRpcRequest.VERSION.equals(jsonrpc)) {
            throw invalid("\"jsonrpc\" must be \"2.0\", was " + (jsonrpc == null ? "missing" : "\"" + jsonrpc + "\""));
        }
        if (id == null) {
            throw invalid("\"id\" is required (null when the request's id could not be read)");
        }
        checkId(id, "response");
        if ((result == null) == (error == null)) {
            throw invalid("exactly one of \"result\" and \"error\" must be present, "
                    + (result == null ? "neither was" : "both were"));
        }
        id = id.deepCopy();
        result = Copies.node(result);
    }

    /** Returns a success answering the request with this id. */
    public static JsonRpcResponse success(@Nullable JsonNode id, JsonNode result) {
        return new JsonRpcResponse(JsonRpcRequest.VERSION, id == null ? NullNode.getInstance() : id, result, null);
    }

    /** Returns a failure answering the request with this id ({@code null}: the id is unknown). */
    public static JsonRpcResponse failure(@Nullable JsonNode id, JsonRpcError error) {
        return new JsonRpcResponse(JsonRpcRequest.VERSION, id == null ? NullNode.getInstance() : id, null, error);
    }

    /** Returns a copy of the id. */
    @Override
    public JsonNode id() {
        return id.deepCopy();
    }

    /** Returns a copy of the result, or {@code null} for a failure. */
    @Override
    public @Nullable JsonNode result() {
        return Copies.node(result);
    }

    /** Returns whether this is a success. */
    public boolean isSuccess() {
        return error == null;
    }

    static void checkId(@Nullable JsonNode id, String what) {
        if (id != null && !id.isTextual() && !id.isNumber() && !id.isNull()) {
            throw new ValidationException(ErrorCode.INVALID_REQUEST, "invalid JSON-RPC " + what
                    + ": \"id\" must be a string, a number or null, was " + kind(id));
        }
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING, BINARY -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case MISSING -> "missing";
        };
    }

    private static ValidationException invalid(String reason) {
        return new ValidationException(ErrorCode.INVALID_REQUEST, "invalid JSON-RPC response: " + reason);
    }
}
