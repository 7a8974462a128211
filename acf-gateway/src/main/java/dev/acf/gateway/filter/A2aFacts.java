package dev.acf.gateway.filter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.pipeline.JsonBuffers;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the security and observability filters need to know about an A2A exchange — the agent
 * addressed, the JSON-RPC method, the task and context ids — taken from the exchange
 * attributes when an earlier stage set them, else read from the path
 * ({@code /agents/{url-encoded ANS name}/...}) and the (aggregated) JSON-RPC body.
 *
 * @param target the agent addressed, if any
 * @param method the A2A method, if any
 * @param taskId the task id, if any
 * @param contextId the context id, if any
 */
record A2aFacts(@Nullable AgentName target, @Nullable String method, @Nullable String taskId, @Nullable String contextId) {
    /** The path prefix of the name-addressed service proxy. */
    static final String AGENTS = "/agents/";
    /** Bodies larger than this are not parsed by observability filters. */
    static final int MAX_PARSED_BODY = 1024 * 1024;
    /**
     * The common mapper's parser settings with buffers kept per event loop and recycled through a shared pool on virtual threads
     * ({@link JsonBuffers}): the default
     * per-thread recycling allocates fresh buffers on every virtual thread, that is per request.
     */
    private static final JsonFactory PARSERS = AcfJson.mapper().getFactory().rebuild()
            .recyclerPool(JsonBuffers.POOL).build();

    static A2aFacts of(Exchange exchange) {
        AgentName target = exchange.attribute(ExchangeAttributes.TARGET, AgentName.class)
                .orElseGet(() -> targetFromPath(exchange.request().path()).orElse(null));
        String method = exchange.attribute(ExchangeAttributes.A2A_METHOD, String.class).orElse(null);
        String taskId = exchange.attribute(ExchangeAttributes.TASK_ID, String.class).orElse(null);
        String contextId = exchange.attribute(ExchangeAttributes.CONTEXT_ID, String.class).orElse(null);
        // A method attribute means the gateway's JSON-RPC validation read the body and set the ids it
        // names; parsing again would only find the same ones.
        if (method == null) {
            JsonNode rpc = json(exchange.request().body(), exchange.request().headers().first("content-type").orElse(null));
            if (rpc != null && rpc.isObject()) {
                JsonNode params = rpc.path("params");
                if (method == null && rpc.path("method").isTextual()) {
                    method = rpc.path("method").asText();
                }
                if (taskId == null) {
                    taskId = firstText(params.path("message").path("taskId"), params.path("taskId"), params.path("id"));
                }
                if (contextId == null) {
                    contextId = firstText(params.path("message").path("contextId"), params.path("contextId"));
                }
            }
        }
        return new A2aFacts(target, method, taskId, contextId);
    }

    /** Returns the exchange with these facts as attributes where it had none, so later filters need not parse again. */
    Exchange attach(Exchange exchange) {
        Exchange out = exchange;
        out = attach(out, ExchangeAttributes.TARGET, target);
        out = attach(out, ExchangeAttributes.A2A_METHOD, method);
        out = attach(out, ExchangeAttributes.TASK_ID, taskId);
        return attach(out, ExchangeAttributes.CONTEXT_ID, contextId);
    }

    private static Exchange attach(Exchange exchange, String key, @Nullable Object value) {
        return value == null || exchange.attributes().containsKey(key) ? exchange : exchange.withAttribute(key, value);
    }

    /** Returns a copy completed with the ids a scanned answer ({@link AnswerScan}) names: a new task's id, its context. */
    A2aFacts withResponse(AnswerScan answer) {
        String task = taskId != null ? taskId : answer.taskId();
        String context = contextId != null ? contextId : answer.contextId();
        return task == taskId && context == contextId ? this : new A2aFacts(target, method, task, context);
    }

    /** Returns the ANS name of a {@code /agents/{name}} path, when it is one and the name is valid. */
    static Optional<AgentName> targetFromPath(String path) {
        if (!path.startsWith(AGENTS)) {
            return Optional.empty();
        }
        int end = path.length();
        for (int i = AGENTS.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        try {
            String name = URLDecoder.decode(path.substring(AGENTS.length(), end), StandardCharsets.UTF_8);
            if (!name.contains("://")) {
                name = AgentName.SCHEME + "://" + name;
            }
            return AgentName.isValid(name) ? Optional.of(AgentName.parse(name)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static @Nullable JsonNode json(Body body, @Nullable String contentType) {
        if (body.isEmpty() || body.length() > MAX_PARSED_BODY
                || (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json"))) {
            return null;
        }
        try (JsonParser parser = PARSERS.createParser(body.inputStream())) {
            return AcfJson.mapper().readTree(parser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isTextual() && !n.asText().isEmpty()) {
                return n.asText();
            }
        }
        return null;
    }

    /** Returns the API-4 error code of an error response body, if it has one. */
    static @Nullable String errorCode(Exchange.Response response) {
        JsonNode body = json(response.body(), response.headers().first("content-type").orElse(null));
        if (body == null) {
            return null;
        }
        JsonNode code = body.path("error").path("code");
        return code.isTextual() ? code.asText() : null;
    }

    /** Returns {@code ok} for a success, else the API-4 error code of the body or one derived from the status. */
    static String outcome(Exchange.Response response) {
        return response.status() < 400 ? "ok" : outcome(response, errorCode(response));
    }

    /** Returns {@code ok} for a success, else the API-4 error code already read from the body, or one derived from the status. */
    static String outcome(Exchange.Response response, @Nullable String bodyCode) {
        if (response.status() < 400) {
            return "ok";
        }
        if (bodyCode != null) {
            return bodyCode;
        }
        return switch (response.status()) {
            case 400 -> "invalid_request";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 429 -> "rate_limited";
            case 431 -> "headers_too_large";
            case 500 -> "internal";
            case 502 -> "upstream_failed";
            case 503 -> "unavailable";
            case 504 -> "upstream_timeout";
            default -> "http_" + response.status();
        };
    }
}
