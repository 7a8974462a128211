package dev.acf.api.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The JSON path subset of {@link Expectation}: {@code $}, {@code .name}, {@code ['name']}, {@code [index]}. */
final class JsonPaths {
    private static final int MAX_LENGTH = 512;

    private JsonPaths() {}

    /** Returns the steps of a path: strings are member names, integers array indexes. */
    static List<Object> parse(String path) {
        if (path.length() > MAX_LENGTH || !path.startsWith("$")) {
            throw new ValidationException("a jsonPath starts with '$' and has at most " + MAX_LENGTH + " characters, was '" + cut(path) + "'");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw invalid(path, "an empty member name at " + i);
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw invalid(path, "an unclosed '[' at " + i);
                }
                String inside = path.substring(i + 1, close);
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        int index = Integer.parseInt(inside);
                        if (index < 0) {
                            throw invalid(path, "a negative index");
                        }
                        steps.add(index);
                    } catch (NumberFormatException e) {
                        throw invalid(path, "'" + inside + "' is neither an index nor a quoted name (filters and wildcards are not supported)");
                    }
                }
                i = close + 1;
            } else {
                throw invalid(path, "unexpected '" + c + "' at " + i);
            }
        }
        return steps;
    }

    /** Returns the value at the steps, or {@code null} when there is none. */
    static @Nullable JsonNode select(JsonNode root, List<Object> steps) {
        JsonNode at = root;
        for (Object step : steps) {
            JsonNode next = step instanceof Integer index ? (at.isArray() ? at.get(index) : null) : (at.isObject() ? at.get((String) step) : null);
            if (next == null || next.isMissingNode()) {
                return null;
            }
            at = next;
        }
        return at;
    }

    /** Returns true for equal JSON values, numbers compared by value (1 equals 1.0). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static ValidationException invalid(String path, String why) {
        return new ValidationException("jsonPath '" + cut(path) + "' is invalid: " + why);
    }

    private static String cut(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
