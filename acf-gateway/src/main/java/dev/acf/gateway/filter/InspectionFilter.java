package dev.acf.gateway.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.StreamListener;
import dev.acf.api.json.AcfJson;
import dev.acf.api.security.ContentInspector;
import dev.acf.api.security.InspectionResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects the text of A2A messages with a {@link ContentInspector} (GW-SEC-2, prompt injection):
 * the text parts and every string inside the data parts of a JSON-RPC request's message, of an
 * aggregated JSON answer, and of each event of a streamed answer. A blocked request is answered
 * 403 {@code content_blocked} naming the rule (also in the {@value #HEADER} header) and never
 * reaches the agent; a blocked answer is replaced by that error. A blocked streamed event ends
 * the stream: the event is replaced by an {@code error} event carrying the error body with the
 * rule id, and every later event is dropped, since what follows a poisoned event cannot be
 * trusted either. Blocks and flags are each audited as one {@value #TYPE} event with the rule id;
 * a flagged message passes unchanged. Stage {@code INSPECTION}. Thread-safe; as fast as the
 * inspector.
 *
 * <pre>{@code
 * GatewayServer.builder().filter(FilterStage.INSPECTION, InspectionFilter.builder(inspector).auditSink(sink).build());
 * }</pre>
 */
public final class InspectionFilter implements GatewayFilter {
    /** The type of the audit events of blocks and flags. */
    public static final String TYPE = "a2a.inspection";
    /** The response header naming the rule that blocked. */
    public static final String HEADER = "acf-blocked-by";

    private static final Logger LOG = LoggerFactory.getLogger(InspectionFilter.class);

    private final ContentInspector inspector;
    private final @Nullable AuditSink sink;
    private final boolean responses;

    private InspectionFilter(Builder b) {
        this.inspector = b.inspector;
        this.sink = b.sink;
        this.responses = b.responses;
    }

    /** Returns a builder asking this inspector. */
    public static Builder builder(ContentInspector inspector) {
        return new Builder(inspector);
    }

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        JsonNode rpc = json(exchange.request().body().bytes(), exchange.request().headers().first("content-type").orElse(null));
        if (rpc != null) {
            Exchange.Response refused = inspect(exchange, ContentInspector.Direction.REQUEST, texts(rpc.path("params")));
            if (refused != null) {
                return refused;
            }
        }
        Exchange.Response response = chain.proceed(exchange);
        if (responses && !response.body().isEmpty()) {
            JsonNode answer = json(response.body().bytes(), response.headers().first("content-type").orElse(null));
            if (answer != null) {
                Exchange.Response refused = inspect(exchange, ContentInspector.Direction.RESPONSE, texts(answer.path("result")));
                if (refused != null) {
                    return refused;
                }
            }
        }
        return response;
    }

    @Override
    public @Nullable StreamListener streamListener(Exchange exchange) {
        if (!responses) {
            return null;
        }
        return new StreamListener() {
            private boolean ended;

            @Override
            public @Nullable SseEvent onEvent(Exchange x, SseEvent event) {
                if (ended) {
                    return null;
                }
                String data = event.data();
                JsonNode node = data == null ? null : json(data.getBytes(StandardCharsets.UTF_8), "application/json");
                List<String> texts = node != null ? texts(node) : data == null ? List.of() : List.of(data);
                Blocked blocked = firstBlock(x, ContentInspector.Direction.RESPONSE, texts);
                if (blocked == null) {
                    return event;
                }
                ended = true;
                return new SseEvent(event.id(), "error", AcfJson.writeString(errorBody(blocked.result, x.requestId())), null);
            }
        };
    }

    private record Blocked(InspectionResult result) {}

    private Exchange.@Nullable Response inspect(Exchange exchange, ContentInspector.Direction direction, List<String> texts) {
        Blocked blocked = firstBlock(exchange, direction, texts);
        if (blocked == null) {
            return null;
        }
        String rule = Objects.requireNonNull(blocked.result.ruleId());
        return Exchange.Response.error(ErrorCode.CONTENT_BLOCKED.httpStatus(), ErrorCode.CONTENT_BLOCKED.id(), message(blocked.result))
                .withHeader(HEADER, rule);
    }

    private @Nullable Blocked firstBlock(Exchange exchange, ContentInspector.Direction direction, List<String> texts) {
        for (String text : texts) {
            InspectionResult result = inspector.inspect(direction, exchange.caller(), text);
            if (result == null || result.verdict() == InspectionResult.Verdict.ALLOW || result.verdict() == InspectionResult.Verdict.REDACT) {
                continue;
            }
            audit(exchange, direction, result);
            if (result.verdict() == InspectionResult.Verdict.BLOCK) {
                return new Blocked(result);
            }
        }
        return null;
    }

    private void audit(Exchange exchange, ContentInspector.Direction direction, InspectionResult result) {
        boolean block = result.verdict() == InspectionResult.Verdict.BLOCK;
        LOG.info("request {}: {} {} by content inspection (rule {})", exchange.requestId(), direction.name().toLowerCase(Locale.ROOT),
                block ? "blocked" : "flagged", result.ruleId());
        AuditSink s = sink;
        if (s == null) {
            return;
        }
        A2aFacts facts = A2aFacts.of(exchange);
        AuditEvent event = AuditEvent.builder(TYPE)
                .requestId(exchange.requestId())
                .source(exchange.caller().subject())
                .destination(facts.target() == null ? null : facts.target().toString())
                .method(facts.method() != null ? facts.method() : exchange.request().method())
                .taskId(facts.taskId())
                .contextId(facts.contextId())
                .status(block ? ErrorCode.CONTENT_BLOCKED.httpStatus() : 200)
                .outcome(block ? ErrorCode.CONTENT_BLOCKED.id() : "flagged")
                .attribute("ruleId", Objects.requireNonNull(result.ruleId()))
                .attribute("direction", direction.name().toLowerCase(Locale.ROOT))
                .attribute("reason", result.reason())
                .build();
        try {
            s.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("audit sink {} failed on request {}", s, exchange.requestId(), e);
        }
    }

    private static String message(InspectionResult result) {
        return "blocked by content inspection (rule " + result.ruleId() + "): " + result.reason();
    }

    private static Object errorBody(InspectionResult result, String requestId) {
        return java.util.Map.of("error", java.util.Map.of("code", ErrorCode.CONTENT_BLOCKED.id(), "message", message(result),
                "ruleId", Objects.requireNonNull(result.ruleId()), "requestId", requestId));
    }

    /** Returns the texts of the message parts under a node: text parts, and every string inside data parts. */
    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out, 0);
        return out;
    }

    private static void collect(JsonNode node, List<String> out, int depth) {
        if (depth > 32) {
            return;
        }
        if (node.isObject()) {
            JsonNode kind = node.path("kind");
            if (node.path("text").isTextual() && (kind.isMissingNode() || kind.asText().equals("text"))) {
                out.add(node.path("text").asText());
            }
            if (node.has("data") && (kind.isMissingNode() || kind.asText().equals("data"))) {
                strings(node.path("data"), out, depth + 1);
            }
            node.properties().forEach(e -> {
                if (!e.getKey().equals("text") && !e.getKey().equals("data")) {
                    collect(e.getValue(), out, depth + 1);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out, depth + 1));
        }
    }

    private static void strings(JsonNode node, List<String> out, int depth) {
        if (depth > 32) {
            return;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(n -> strings(n, out, depth + 1));
        }
    }

    private static @Nullable JsonNode json(byte[] body, @Nullable String contentType) {
        if (body.length == 0 || body.length > A2aFacts.MAX_PARSED_BODY
                || (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json"))) {
            return null;
        }
        try {
            return AcfJson.readTree(body);
        } catch (AcfException e) {
            return null;
        }
    }

    /** Configures an {@link InspectionFilter}; not thread-safe. */
    public static final class Builder {
        private final ContentInspector inspector;
        private @Nullable AuditSink sink;
        private boolean responses = true;

        private Builder(ContentInspector inspector) {
            this.inspector = Objects.requireNonNull(inspector, "inspector");
        }

        /** Audits blocks and flags to this sink (default: logged only). */
        public Builder auditSink(@Nullable AuditSink value) {
            this.sink = value;
            return this;
        }

        /** Whether answers and streamed events are inspected too (default true). */
        public Builder responses(boolean value) {
            this.responses = value;
            return this;
        }

        /** Returns the filter. */
        public InspectionFilter build() {
            return new InspectionFilter(this);
        }
    }
}
