package dev.acf.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ErrorBody;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.json.AcfJson;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's refusals in the API-4 shape
 * {@code {"error":{"code":"...","message":"...","requestId":"..."}}}, and the JSON-RPC-aware
 * variant for A2A calls, which adds {@code "jsonrpc":"2.0"}, the request's {@code id} and the
 * JSON-RPC error number ({@code error.rpcCode}) so JSON-RPC clients can match the answer to
 * their call. Stateless and thread-safe.
 *
 * <pre>{@code
 * return ErrorResponses.of(ErrorCode.AGENT_NOT_FOUND, "no agent answers " + name, exchange.requestId());
 * }</pre>
 */
public final class ErrorResponses {
    /** JSON-RPC 2.0: invalid JSON was received. */
    public static final int PARSE_ERROR = -32700;
    /** JSON-RPC 2.0: the JSON sent is not a valid request object. */
    public static final int INVALID_REQUEST = -32600;

    private static final HttpHeaders JSON = HttpHeaders.of("content-type", "application/json");

    private ErrorResponses() {}

    /** Returns the API-4 error response for a code, with its HTTP status. */
    public static Exchange.Response of(ErrorCode code, String message, String requestId) {
        byte[] json = AcfJson.writeBytes(ErrorBody.of(code, message, requestId));
        return new Exchange.Response(code.httpStatus(), JSON, Body.of(json));
    }

    /**
     * Returns the response for a failure: an {@code AcfException} keeps its code, status and
     * message; anything else is a 500 {@code internal} without detail.
     */
    public static Exchange.Response of(Throwable failure, String requestId) {
        byte[] json = AcfJson.writeBytes(ErrorBody.of(failure, requestId));
        return new Exchange.Response(ErrorBody.httpStatus(failure), JSON, Body.of(json));
    }

    /** Returns the JSON-RPC-aware variant of {@link #of(ErrorCode, String, String)}. */
    public static Exchange.Response jsonRpc(ErrorCode code, int rpcCode, String message, @Nullable JsonNode id,
            String requestId) {
        ObjectNode root = AcfJson.mapper().createObjectNode();
        root.put("jsonrpc", "2.0");
        root.set("id", id == null ? NullNode.getInstance() : id);
        ObjectNode error = root.putObject("error");
        error.put("code", code.id());
        error.put("message", message);
        error.put("requestId", requestId);
        error.put("rpcCode", rpcCode);
        return new Exchange.Response(code.httpStatus(), JSON, Body.of(AcfJson.writeBytes(root)));
    }
}
