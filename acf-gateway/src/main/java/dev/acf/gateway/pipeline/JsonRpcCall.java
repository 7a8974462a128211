package dev.acf.gateway.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.acf.api.gateway.Body;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * What one pass of a streaming parser finds in a JSON-RPC request body, without building a
 * tree: whether it is well-formed JSON, the envelope's shape ({@code jsonrpc}, {@code id},
 * {@code method}, {@code params}) and the task and context ids the call names. The dispatcher
 * scans each call's body once; the validation filter reuses the scan while the body is the
 * same object. Immutable.
 *
 * @param body the body scanned
 * @param wellFormed whether the body is exactly one well-formed JSON value
 * @param object whether that value is an object
 * @param id the {@code id} member as a node (string, number, null, or whatever else was sent), null when absent
 * @param jsonrpc the {@code jsonrpc} member when it is a string
 * @param method the {@code method} member when it is a string
 * @param params the kind of the {@code params} member: absent, object, array or other
 * @param taskId {@code params.message.taskId}, else {@code params.taskId}, else {@code params.id}, when strings
 * @param contextId {@code params.message.contextId}, else {@code params.contextId}, when strings
 * @param skill the skill the call names in its A2A metadata: {@code skillId}, else {@code skill}, of
 *     {@code params.metadata}, else of {@code params.message.metadata}, when strings
 */
record JsonRpcCall(Body body, boolean wellFormed, boolean object, @Nullable JsonNode id, @Nullable String jsonrpc,
        @Nullable String method, Params params, @Nullable String taskId, @Nullable String contextId, @Nullable String skill) {

    /**
     * The mapper's settings (nesting limit) with buffers kept per event loop and recycled through
     * a shared pool on virtual threads ({@link JsonBuffers}): the default per-thread recycling
     * allocates fresh buffers on every virtual thread, that is on every request.
     */
    private static final JsonFactory FACTORY = AcfJson.mapper().getFactory().rebuild()
            .recyclerPool(JsonBuffers.POOL)
            .build();

    /** The kinds of a {@code params} member. */
    enum Params { ABSENT, OBJECT, ARRAY, OTHER }

    /** Scans the body; never throws. */
    static JsonRpcCall scan(Body body) {
        Scan s = new Scan();
        boolean ok;
        try (JsonParser p = FACTORY.createParser(body.inputStream())) {
            ok = s.root(p);
        } catch (IOException | RuntimeException e) {
            ok = false;
        }
        String task = s.messageTaskId != null ? s.messageTaskId : s.paramsTaskId != null ? s.paramsTaskId : s.paramsId;
        String context = s.messageContextId != null ? s.messageContextId : s.paramsContextId;
        String skill = s.paramsSkill != null ? s.paramsSkill : s.messageSkill;
        return new JsonRpcCall(body, ok, s.object, s.id, s.jsonrpc, s.method, s.params, task, context, skill);
    }

    /** The parser's findings; last member wins on duplicates, as with a tree. */
    private static final class Scan {
        boolean object;
        @Nullable JsonNode id;
        @Nullable String jsonrpc;
        @Nullable String method;
        Params params = Params.ABSENT;
        @Nullable String paramsTaskId;
        @Nullable String paramsId;
        @Nullable String paramsContextId;
        @Nullable String messageTaskId;
        @Nullable String messageContextId;
        @Nullable String paramsSkill;
        @Nullable String messageSkill;

        /** Reads the whole document; false when it is not exactly one JSON value. */
        boolean root(JsonParser p) throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) {
                return false;
            }
            if (first == JsonToken.START_OBJECT) {
                object = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "id" -> id = node(p, value);
                        case "jsonrpc" -> jsonrpc = text(p, value);
                        case "method" -> method = text(p, value);
                        case "params" -> params(p, value);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            return p.nextToken() == null;
        }

        private void params(JsonParser p, JsonToken value) throws IOException {
            // A repeated params member replaces the earlier one entirely.
            paramsTaskId = null;
            paramsId = null;
            paramsContextId = null;
            messageTaskId = null;
            messageContextId = null;
            paramsSkill = null;
            messageSkill = null;
            if (value != JsonToken.START_OBJECT) {
                params = value == JsonToken.START_ARRAY ? Params.ARRAY : Params.OTHER;
                p.skipChildren();
                return;
            }
            params = Params.OBJECT;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "taskId" -> paramsTaskId = text(p, v);
                    case "id" -> paramsId = text(p, v);
                    case "contextId" -> paramsContextId = text(p, v);
                    case "message" -> message(p, v);
                    case "metadata" -> paramsSkill = skill(p, v);
                    default -> p.skipChildren();
                }
            }
        }

        private void message(JsonParser p, JsonToken value) throws IOException {
            messageTaskId = null;
            messageContextId = null;
            messageSkill = null;
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "taskId" -> messageTaskId = text(p, v);
                    case "contextId" -> messageContextId = text(p, v);
                    case "metadata" -> messageSkill = skill(p, v);
                    default -> p.skipChildren();
                }
            }
        }

        /** Returns the skill a metadata object names: {@code skillId}, else {@code skill}. */
        private static @Nullable String skill(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return null;
            }
            String skillId = null;
            String skill = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "skillId" -> skillId = text(p, v);
                    case "skill" -> skill = text(p, v);
                    default -> p.skipChildren();
                }
            }
            return skillId != null && !skillId.isEmpty() ? skillId : skill != null && !skill.isEmpty() ? skill : null;
        }

        private static @Nullable String text(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            p.skipChildren();
            return null;
        }

        /** Returns a scalar id as a node; a structured one (invalid) as an empty object or array, for the error answer only. */
        private static JsonNode node(JsonParser p, JsonToken value) throws IOException {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (value) {
                case VALUE_STRING -> nodes.textNode(p.getText());
                case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
                case VALUE_NULL -> NullNode.getInstance();
                case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(value == JsonToken.VALUE_TRUE);
                case START_ARRAY -> {
                    p.skipChildren();
                    yield nodes.arrayNode();
                }
                default -> {
                    p.skipChildren();
                    yield nodes.objectNode();
                }
            };
        }
    }
}
