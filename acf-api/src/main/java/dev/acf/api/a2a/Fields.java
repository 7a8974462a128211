package dev.acf.api.a2a;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reading fields from a JSON tree with JSON paths in the errors, so a caller learns exactly
 * which value of its document is wrong ({@code $.message.parts[1].text}).
 */
final class Fields {
    private static final TypeReference<Map<String, Object>> STRUCT = new TypeReference<>() {};

    private Fields() {}

    static ValidationException malformed(String path, String reason) {
        return new ValidationException(ErrorCode.MALFORMED_JSON, "malformed JSON at " + path + ": " + reason);
    }

    /** Builds a record, turning its constructor's refusal into an error at this path. */
    static <T> T build(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (AcfException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw malformed(path, String.valueOf(e.getMessage()));
        } catch (NullPointerException e) {
            // Objects.requireNonNull(value, "name") says only the name.
            throw malformed(path, "\"" + e.getMessage() + "\" is required");
        }
    }

    static ObjectNode object(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw malformed(path, "expected an object, was " + JsonRpcResponse.kind(node));
    }

    /** The field, or {@code null} when absent or JSON {@code null}. */
    static @Nullable JsonNode field(ObjectNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    static boolean has(ObjectNode node, String name) {
        return field(node, name) != null;
    }

    static @Nullable ObjectNode optObject(ObjectNode node, String name, String path) {
        JsonNode value = field(node, name);
        return value == null ? null : object(value, path + "." + name);
    }

    static ObjectNode requiredObject(ObjectNode node, String name, String path) {
        return object(required(node, name, path), path + "." + name);
    }

    static JsonNode required(ObjectNode node, String name, String path) {
        JsonNode value = field(node, name);
        if (value == null) {
            throw malformed(path, "\"" + name + "\" is required");
        }
        return value;
    }

    static @Nullable String text(ObjectNode node, String name, String path) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(path + "." + name, "expected a string, was " + JsonRpcResponse.kind(value));
        }
        return value.textValue();
    }

    static String requiredText(ObjectNode node, String name, String path) {
        String value = text(node, name, path);
        if (value == null) {
            throw malformed(path, "\"" + name + "\" is required");
        }
        return value;
    }

    static @Nullable Boolean bool(ObjectNode node, String name, String path) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw malformed(path + "." + name, "expected a boolean, was " + JsonRpcResponse.kind(value));
        }
        return value.booleanValue();
    }

    static boolean flag(ObjectNode node, String name, String path) {
        return Boolean.TRUE.equals(bool(node, name, path));
    }

    /** An int32; ProtoJSON also writes integers as strings. */
    static @Nullable Integer int32(ObjectNode node, String name, String path) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            try {
                return Integer.valueOf(value.textValue().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw malformed(path + "." + name, "expected a 32-bit integer, was " + value);
    }

    static List<String> strings(ObjectNode node, String name, String path) {
        return list(node, name, path, (item, at) -> {
            if (!item.isTextual()) {
                throw malformed(at, "expected a string, was " + JsonRpcResponse.kind(item));
            }
            return item.textValue();
        });
    }

    static <T> List<T> list(ObjectNode node, String name, String path, BiFunction<JsonNode, String, T> reader) {
        JsonNode value = field(node, name);
        if (value == null) {
            return List.of();
        }
        String at = path + "." + name;
        if (!value.isArray()) {
            throw malformed(at, "expected an array, was " + JsonRpcResponse.kind(value));
        }
        List<T> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(reader.apply(value.get(i), at + "[" + i + "]"));
        }
        return out;
    }

    /** A {@code google.protobuf.Struct}: a JSON object as Java values. */
    static Map<String, Object> struct(ObjectNode node, String name, String path) {
        ObjectNode value = optObject(node, name, path);
        return value == null ? Map.of() : AcfJson.mapper().convertValue(value, STRUCT);
    }

    /** An RFC 3339 timestamp; a timestamp without an offset is read as UTC, as v0.3 SDKs meant it. */
    static @Nullable Instant timestamp(ObjectNode node, String name, String path) {
        String value = text(node, name, path);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw malformed(path + "." + name, "expected an ISO-8601 timestamp, was \"" + value + "\"");
            }
        }
    }
}
