package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks documents against the published A2A v0.3.0 JSON Schema, implementing only the
 * keywords that schema uses ({@code $ref}, {@code type}, {@code properties}, {@code required},
 * {@code const}, {@code enum}, {@code items}, {@code additionalProperties}, {@code anyOf}), so
 * the tests need no JSON-Schema library.
 */
final class V03Schema {
    /** The published schema, copied into the test resources with its NOTICE. */
    private static final String SCHEMA = "/a2a/schema/a2a-v0.3.0.schema.json";

    private final JsonNode definitions;

    private V03Schema(JsonNode definitions) {
        this.definitions = definitions;
    }

    static V03Schema load() {
        try (var in = V03Schema.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + SCHEMA + " is missing");
            }
            return new V03Schema(AcfJson.readTree(in.readAllBytes()).get("definitions"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA, e);
        }
    }

    /** Returns the violations of a definition by a document; empty when it is valid. */
    List<String> violations(String definition, JsonNode document) {
        List<String> out = new ArrayList<>();
        check(definitions.get(definition), document, "$", out);
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").textValue();
            check(definitions.get(ref.substring(ref.lastIndexOf('/') + 1)), value, path, out);
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> errors = new ArrayList<>();
                check(option, value, path, errors);
                any |= errors.isEmpty();
            }
            if (!any) {
                out.add(path + ": matches none of anyOf");
            }
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            out.add(path + ": expected type " + schema.get("type") + ", was " + value.getNodeType());
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(path + ": expected " + schema.get("const") + ", was " + value);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= option.equals(value);
            }
            if (!found) {
                out.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            checkObject(schema, value, path, out);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.textValue())) {
                    out.add(path + ": missing required " + name);
                }
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String at = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), at, out);
            } else if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
                out.add(at + ": not allowed");
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), at, out);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (typeMatches(option, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.textValue()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }
}
