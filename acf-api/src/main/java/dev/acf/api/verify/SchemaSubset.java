package dev.acf.api.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Schema subset of {@link Expectation}: {@code type}, {@code required},
 * {@code properties}, {@code items}, {@code enum}, {@code const}, {@code minItems},
 * {@code minimum}, {@code maximum}. Enough to say what shape an answer has without a validator
 * dependency; other keywords are ignored.
 */
final class SchemaSubset {
    private SchemaSubset() {}

    /** Returns {@code null} when the value satisfies the schema, else the first failure and where. */
    static @Nullable String failure(JsonNode schema, JsonNode value, String at) {
        if (schema.isBoolean()) {
            return schema.booleanValue() ? null : at + " is not allowed";
        }
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, value)) {
            return at + " is " + typeOf(value) + ", expected " + type;
        }
        JsonNode constant = schema.get("const");
        if (constant != null && !JsonPaths.sameValue(constant, value)) {
            return at + " is " + value + ", expected " + constant;
        }
        JsonNode choices = schema.get("enum");
        if (choices != null && choices.isArray()) {
            boolean found = false;
            for (JsonNode choice : choices) {
                found |= JsonPaths.sameValue(choice, value);
            }
            if (!found) {
                return at + " is " + value + ", not one of " + choices;
            }
        }
        if (value.isNumber()) {
            JsonNode min = schema.get("minimum");
            JsonNode max = schema.get("maximum");
            if (min != null && min.isNumber() && value.decimalValue().compareTo(min.decimalValue()) < 0) {
                return at + " is " + value + ", below the minimum " + min;
            }
            if (max != null && max.isNumber() && value.decimalValue().compareTo(max.decimalValue()) > 0) {
                return at + " is " + value + ", above the maximum " + max;
            }
        }
        if (value.isObject()) {
            JsonNode required = schema.get("required");
            if (required != null && required.isArray()) {
                for (JsonNode name : required) {
                    if (!value.has(name.asText())) {
                        return at + "." + name.asText() + " is required";
                    }
                }
            }
            JsonNode properties = schema.get("properties");
            if (properties != null && properties.isObject()) {
                for (Map.Entry<String, JsonNode> p : properties.properties()) {
                    JsonNode member = value.get(p.getKey());
                    String failure = member == null ? null : failure(p.getValue(), member, at + "." + p.getKey());
                    if (failure != null) {
                        return failure;
                    }
                }
            }
        }
        if (value.isArray()) {
            JsonNode minItems = schema.get("minItems");
            if (minItems != null && minItems.canConvertToInt() && value.size() < minItems.asInt()) {
                return at + " has " + value.size() + " items, at least " + minItems.asInt() + " expected";
            }
            JsonNode items = schema.get("items");
            if (items != null && (items.isObject() || items.isBoolean())) {
                for (int i = 0; i < value.size(); i++) {
                    String failure = failure(items, value.get(i), at + "[" + i + "]");
                    if (failure != null) {
                        return failure;
                    }
                }
            }
        }
        return null;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "number" -> value.isNumber();
            default -> type.asText().equals(typeOf(value));
        };
    }

    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case OBJECT -> "object";
            case ARRAY -> "array";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
