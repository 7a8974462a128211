package dev.acf.demo.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import java.util.Objects;

/**
 * Converts between the JSON the agents exchange and the records they compute with, using
 * ACF's shared mapper. Thread-safe.
 *
 * <pre>{@code
 * Complaint complaint = Payload.read(request, Complaint.class);
 * ObjectNode answer = Payload.reply("complaint-intent", "classified as NO_SERVICE");
 * answer.set("complaint", Payload.of(complaint));
 * }</pre>
 */
public final class Payload {
    private Payload() {}

    /** Returns an empty JSON object. */
    public static ObjectNode object() {
        return AcfJson.mapper().createObjectNode();
    }

    /** Returns {@code value} (a record, map, list or scalar) as a JSON tree. */
    public static JsonNode of(Object value) {
        return AcfJson.mapper().valueToTree(Objects.requireNonNull(value, "value"));
    }

    /**
     * Reads a JSON tree as {@code type}.
     *
     * @throws ValidationException naming the type if the tree does not fit it
     */
    public static <T> T read(JsonNode node, Class<T> type) {
        try {
            return AcfJson.mapper().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new ValidationException("request does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new ValidationException("request does not fit " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Returns the start of an answer: an object with the {@code agent} and {@code summary} fields. */
    public static ObjectNode reply(String agent, String summary) {
        ObjectNode node = object();
        node.put("agent", agent);
        node.put("summary", summary);
        return node;
    }

    /**
     * Returns the text of a required field.
     *
     * @throws ValidationException if the field is missing or not text
     */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ValidationException("request needs the text field '" + field + "'");
        }
        return value.asText();
    }
}
