package dev.acf.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.json.AcfJson;
import dev.acf.gateway.ExchangeAttributes;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The built-in request validation of A2A calls: a JSON {@code POST} to an agent must be one
 * JSON-RPC 2.0 request object ({@code jsonrpc: "2.0"}, a method name, an id that is a string,
 * number or null, params that are an object or array). A bad one is answered 400 with the
 * JSON-RPC-aware error body; a good one passes on with its method, task id and context id as
 * exchange attributes for audit and policy. Other traffic (GET, non-JSON bodies) passes
 * untouched. Stateless and thread-safe.
 */
final class JsonRpcValidation implements GatewayFilter {

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        Exchange.Request request = exchange.request();
        if (!request.method().equals("POST") || exchange.attribute(ExchangeAttributes.TARGET, Object.class).isEmpty()
                || request.path().contains("/.well-known/") || !isJson(request)) {
            return chain.proceed(exchange);
        }
        JsonNode root;
        try {
            root = AcfJson.readTree(request.body().bytes());
        } catch (AcfException e) {
            return refuse(exchange, ErrorCode.MALFORMED_JSON, ErrorResponses.PARSE_ERROR, "the body is not well-formed JSON", null);
        }
        if (root == null || !root.isObject()) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST,
                    "a JSON-RPC call must be one request object (batches are not supported)", null);
        }
        JsonNode id = root.get("id");
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "id must be a string, number or null", null);
        }
        if (!"2.0".equals(text(root, "jsonrpc"))) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "jsonrpc must be \"2.0\"", id);
        }
        String method = text(root, "method");
        if (method == null || method.isBlank()) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "method must be a non-empty string", id);
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isObject() && !params.isArray()) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "params must be an object or an array", id);
        }
        Exchange enriched = exchange.withAttribute(ExchangeAttributes.A2A_METHOD, method);
        if (params != null && params.isObject()) {
            JsonNode message = params.path("message");
            String taskId = first(text(message, "taskId"), text(params, "taskId"), text(params, "id"));
            String contextId = first(text(message, "contextId"), text(params, "contextId"), null);
            if (taskId != null) {
                enriched = enriched.withAttribute(ExchangeAttributes.TASK_ID, taskId);
            }
            if (contextId != null) {
                enriched = enriched.withAttribute(ExchangeAttributes.CONTEXT_ID, contextId);
            }
        }
        return chain.proceed(enriched);
    }

    /**
     * Returns the method, task id and context id of a JSON-RPC call to an agent, as exchange
     * attributes, so that every filter (audit of a call refused early included) sees them without
     * parsing again; empty for anything else, including calls this filter will refuse.
     */
    static Map<String, Object> callAttributes(Exchange.Request request) {
        if (!request.method().equals("POST") || request.path().contains("/.well-known/") || !isJson(request)
                || request.body().isEmpty()) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = AcfJson.readTree(request.body().bytes());
        } catch (AcfException e) {
            return Map.of();
        }
        String method = root == null || !root.isObject() ? null : text(root, "method");
        if (method == null || method.isBlank()) {
            return Map.of();
        }
        Map<String, Object> out = new HashMap<>();
        out.put(ExchangeAttributes.A2A_METHOD, method);
        JsonNode params = root.path("params");
        JsonNode message = params.path("message");
        String taskId = first(text(message, "taskId"), text(params, "taskId"), text(params, "id"));
        String contextId = first(text(message, "contextId"), text(params, "contextId"), null);
        if (taskId != null) {
            out.put(ExchangeAttributes.TASK_ID, taskId);
        }
        if (contextId != null) {
            out.put(ExchangeAttributes.CONTEXT_ID, contextId);
        }
        return out;
    }

    private static boolean isJson(Exchange.Request request) {
        return request.headers().first("content-type")
                .map(type -> type.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(true);
    }

    private static Exchange.Response refuse(Exchange exchange, ErrorCode code, int rpcCode, String message, @Nullable JsonNode id) {
        return ErrorResponses.jsonRpc(code, rpcCode, message, id, exchange.requestId());
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static @Nullable String first(@Nullable String a, @Nullable String b, @Nullable String c) {
        return a != null ? a : b != null ? b : c;
    }
}
