package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;

/**
 * Reads and writes the JSON-RPC 2.0 envelope, the same in both A2A versions. Reading checks
 * every member's JSON type before the records see it, so {@code "method": 5} is reported as a
 * number rather than quietly read as {@code "5"}.
 */
final class JsonRpcCodec {
    private JsonRpcCodec() {}

    static JsonRpcRequest request(JsonNode node) {
        ObjectNode request = envelope(node, "request");
        JsonNode method = request.get("method");
        if (method == null) {
            throw invalid("request", "\"method\" is required");
        }
        if (!method.isTextual()) {
            throw invalid("request", "\"method\" must be a string, was " + JsonRpcResponse.kind(method));
        }
        JsonNode params = request.get("params");
        return new JsonRpcRequest(version(request, "request"), request.get("id"), method.textValue(),
                params == null || params.isNull() ? null : params);
    }

    static JsonRpcResponse response(JsonNode node) {
        ObjectNode response = envelope(node, "response");
        JsonNode errorNode = response.get("error");
        JsonRpcError error = errorNode == null || errorNode.isNull() ? null : error(errorNode, "response");
        return new JsonRpcResponse(version(response, "response"), response.get("id"), response.get("result"), error);
    }

    static JsonRpcError error(JsonNode node, String what) {
        if (!node.isObject()) {
            throw invalid(what, "\"error\" must be an object, was " + JsonRpcResponse.kind(node));
        }
        JsonNode code = node.get("code");
        if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) {
            throw invalid(what, "\"error.code\" must be an integer, was "
                    + (code == null ? "missing" : JsonRpcResponse.kind(code)));
        }
        JsonNode message = node.get("message");
        if (message == null || !message.isTextual()) {
            throw invalid(what, "\"error.message\" must be a string, was "
                    + (message == null ? "missing" : JsonRpcResponse.kind(message)));
        }
        JsonNode data = node.get("data");
        return new JsonRpcError(code.intValue(), message.textValue(), data == null || data.isNull() ? null : data);
    }

    static JsonNode write(JsonRpcRequest request) {
        ObjectNode out = Nodes.object().put("jsonrpc", request.jsonrpc());
        if (request.id() != null) {
            out.set("id", request.id());
        }
        out.put("method", request.method());
        Nodes.node(out, "params", request.params());
        return out;
    }

    /** The id is always written, as {@code null} when unknown: JSON-RPC requires the member. */
    static JsonNode write(JsonRpcResponse response) {
        ObjectNode out = Nodes.object().put("jsonrpc", response.jsonrpc());
        out.set("id", response.id());
        if (response.error() != null) {
            out.set("error", write(response.error()));
        } else {
            out.set("result", response.result());
        }
        return out;
    }

    static JsonNode write(JsonRpcError error) {
        ObjectNode out = Nodes.object().put("code", error.code()).put("message", error.message());
        Nodes.node(out, "data", error.data());
        return out;
    }

    private static ObjectNode envelope(JsonNode node, String what) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw invalid(what, "expected an object, was " + JsonRpcResponse.kind(node)
                + (node.isArray() ? " (batches are not supported)" : ""));
    }

    private static String version(ObjectNode envelope, String what) {
        JsonNode version = envelope.get("jsonrpc");
        if (version == null) {
            throw invalid(what, "\"jsonrpc\" is required and must be \"2.0\"");
        }
        if (!version.isTextual()) {
            throw invalid(what, "\"jsonrpc\" must be the string \"2.0\", was " + JsonRpcResponse.kind(version));
        }
        return version.textValue();
    }

    private static ValidationException invalid(String what, String reason) {
        return new ValidationException(ErrorCode.INVALID_REQUEST, "invalid JSON-RPC " + what + ": " + reason);
    }
}
