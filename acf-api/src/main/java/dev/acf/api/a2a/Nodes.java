package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.json.AcfJson;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Building JSON trees without nulls: an absent value is left out, never written as
 * {@code null}, and empty collections are left out as ProtoJSON does (unless required).
 */
final class Nodes {
    private Nodes() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static void text(ObjectNode out, String name, @Nullable String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    static void bool(ObjectNode out, String name, @Nullable Boolean value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    static void flag(ObjectNode out, String name, boolean value) {
        if (value) {
            out.put(name, true);
        }
    }

    static void node(ObjectNode out, String name, @Nullable JsonNode value) {
        if (value != null && !value.isNull()) {
            out.set(name, value);
        }
    }

    /** Writes a list unless it is empty. */
    static <T> void list(ObjectNode out, String name, List<T> values, Function<T, JsonNode> writer) {
        if (!values.isEmpty()) {
            out.set(name, array(values, writer));
        }
    }

    /** Writes a list even when empty, for fields a schema requires. */
    static <T> void requiredList(ObjectNode out, String name, List<T> values, Function<T, JsonNode> writer) {
        out.set(name, array(values, writer));
    }

    static void strings(ObjectNode out, String name, List<String> values) {
        list(out, name, values, JsonNodeFactory.instance::textNode);
    }

    static <T> ArrayNode array(List<T> values, Function<T, JsonNode> writer) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(values.size());
        values.forEach(value -> array.add(writer.apply(value)));
        return array;
    }

    /** Writes a JSON object given as Java values, unless it is empty. */
    static void struct(ObjectNode out, String name, Map<String, Object> values) {
        if (!values.isEmpty()) {
            out.set(name, AcfJson.mapper().valueToTree(values));
        }
    }
}
