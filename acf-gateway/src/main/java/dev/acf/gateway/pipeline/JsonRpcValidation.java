package dev.acf.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.gateway.ExchangeAttributes;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The built-in request validation of A2A calls: a JSON {@code POST} to an agent must be one
 * JSON-RPC 2.0 request object ({@code jsonrpc: "2.0"}, a method name, an id that is a string,
 * number or null, params that are an object or array). A bad one is answered 400 with the
 * JSON-RPC-aware error body; a good one passes on with its method, task id, context id and named skill as
 * exchange attributes for audit and policy. Other traffic (GET, non-JSON bodies) passes
 * untouched. Stateless and thread-safe.
 */
final class JsonRpcValidation implements AsyncGatewayFilter {

    /** The exchange attribute holding the dispatcher's {@link JsonRpcCall} of the body, so that it is scanned once. */
    static final String SCANNED = "acf.jsonRpcCall";

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        Exchange.Request request = exchange.request();
        if (!applies(request) || exchange.attribute(ExchangeAttributes.TARGET, Object.class).isEmpty()) {
            return chain.proceed(exchange);
        }
        JsonRpcCall call = exchange.attribute(SCANNED, JsonRpcCall.class)
                .filter(c -> c.body() == request.body())   // a filter before may have replaced the body
                .orElseGet(() -> JsonRpcCall.scan(request.body()));
        if (!call.wellFormed()) {
            return refuse(exchange, ErrorCode.MALFORMED_JSON, ErrorResponses.PARSE_ERROR, "the body is not well-formed JSON", null);
        }
        if (!call.object()) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST,
                    "a JSON-RPC call must be one request object (batches are not supported)", null);
        }
        JsonNode id = call.id();
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "id must be a string, number or null", null);
        }
        if (!"2.0".equals(call.jsonrpc())) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "jsonrpc must be \"2.0\"", id);
        }
        String method = call.method();
        if (method == null || method.isBlank()) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "method must be a non-empty string", id);
        }
        if (call.params() == JsonRpcCall.Params.OTHER) {
            return refuse(exchange, ErrorCode.INVALID_REQUEST, ErrorResponses.INVALID_REQUEST, "params must be an object or an array", id);
        }
        return chain.proceed(withIds(exchange, call));
    }

    /** Returns true for the requests this filter checks (given they address an agent): JSON POSTs, not to well-known paths. */
    static boolean applies(Exchange.Request request) {
        return request.method().equals("POST") && !request.path().contains("/.well-known/") && isJson(request);
    }

    /**
     * Returns the exchange with the method, task id, context id and skill of a JSON-RPC call as
     * attributes where they are not set yet, so that every filter (audit of a call refused early
     * included) sees them without parsing again; unchanged when the body names no method.
     */
    static Exchange withIds(Exchange exchange, JsonRpcCall call) {
        String method = call.method();
        if (!call.wellFormed() || !call.object() || method == null || method.isBlank()) {
            return exchange;
        }
        Exchange out = put(exchange, ExchangeAttributes.A2A_METHOD, method);
        if (call.params() == JsonRpcCall.Params.OBJECT) {
            out = put(out, ExchangeAttributes.TASK_ID, call.taskId());
            out = put(out, ExchangeAttributes.CONTEXT_ID, call.contextId());
            out = put(out, ExchangeAttributes.SKILL, call.skill());
        }
        return out;
    }

    private static Exchange put(Exchange exchange, String key, @Nullable String value) {
        return value == null || value.equals(exchange.attributes().get(key)) ? exchange : exchange.withAttribute(key, value);
    }

    private static boolean isJson(Exchange.Request request) {
        return request.headers().first("content-type")
                .map(type -> type.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(true);
    }

    private static CompletionStage<Exchange.Response> refuse(Exchange exchange, ErrorCode code, int rpcCode, String message,
            @Nullable JsonNode id) {
        return CompletableFuture.completedFuture(ErrorResponses.jsonRpc(code, rpcCode, message, id, exchange.requestId()));
    }

}
