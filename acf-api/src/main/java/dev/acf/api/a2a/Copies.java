package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The defensive copies the records make so they stay immutable. */
final class Copies {
    private Copies() {}

    /** An immutable copy; {@code null} becomes empty, a {@code null} element is refused by name. */
    static <T> List<T> list(@Nullable List<T> values, String name) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** An immutable copy; {@code null} becomes empty, {@code null} keys or values are refused. */
    static <V> Map<String, V> map(@Nullable Map<String, V> values, String name) {
        if (values == null) {
            return Map.of();
        }
        Map<String, V> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException(name + " must not hold null keys or values");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * A deep, immutable copy of a JSON object given as Java values (maps, lists, strings,
     * numbers, booleans); keeps the order of the keys, drops {@code null} values.
     */
    static Map<String, Object> json(@Nullable Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            Objects.requireNonNull(key, "metadata key");
            if (value != null) {
                copy.put(key, jsonValue(value));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object jsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, inner) -> {
                if (inner != null) {
                    copy.put(String.valueOf(key), jsonValue(inner));
                }
            });
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object inner : list) {
                copy.add(inner == null ? null : jsonValue(inner));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof JsonNode node) {
            return node.deepCopy();
        }
        return value;
    }

    /** A deep copy of a tree, since Jackson trees are mutable. */
    static @Nullable JsonNode node(@Nullable JsonNode node) {
        return node == null ? null : node.deepCopy();
    }

    /** Refuses a missing or empty identifier, naming the field. */
    static String id(@Nullable String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}
