package dev.acf.api.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.acf.api.error.ValidationException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * One predicate a skill's answer must satisfy (ANS-MON-3). Exactly one kind per expectation:
 * <ul>
 *   <li>{@code {"contains": "dBm"}}: the answer's text contains the string (case-sensitive);</li>
 *   <li>{@code {"regex": "-?\\d+(\\.\\d+)? dBm"}}: a {@link Pattern} finds a match in the text;</li>
 *   <li>{@code {"jsonPath": "$.level.unit", "equals": "dBm"}} or {@code {"jsonPath": "$.items[0]", "exists": true}}:
 *       the answer's JSON has (or lacks) a value at the path, equal to the given JSON value when
 *       {@code equals} is set; paths are the subset {@code $}, {@code .name}, {@code ['name']}, {@code [index]};</li>
 *   <li>{@code {"schema": {...}}}: the answer's JSON satisfies a JSON Schema subset ({@code type},
 *       {@code required}, {@code properties}, {@code items}, {@code enum}, {@code const}, {@code minItems},
 *       {@code minimum}, {@code maximum}); other keywords are ignored.</li>
 * </ul>
 * The answer's text is its text parts (and data parts as JSON) joined by new lines; its JSON is
 * its first data part, else its text when that parses as JSON. Immutable and thread-safe.
 *
 * @param contains a string the text must contain
 * @param regex a regular expression the text must match somewhere
 * @param jsonPath a path into the answer's JSON
 * @param equalTo the JSON value expected at {@code jsonPath} ({@code equals} in JSON)
 * @param exists whether a value must ({@code true}) or must not ({@code false}) be at {@code jsonPath}
 * @param schema a JSON Schema (subset) the answer's JSON must satisfy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Expectation(@Nullable String contains, @Nullable String regex, @Nullable String jsonPath,
        @JsonProperty("equals") @Nullable JsonNode equalTo, @Nullable Boolean exists, @Nullable JsonNode schema) {
    /** The longest regular expression accepted. */
    public static final int MAX_REGEX_LENGTH = 512;

    /** Validates that exactly one kind is given, the regular expression compiles and the path parses. */
    public Expectation {
        int kinds = (contains != null ? 1 : 0) + (regex != null ? 1 : 0) + (jsonPath != null ? 1 : 0) + (schema != null ? 1 : 0);
        if (kinds != 1) {
            throw new ValidationException("an expectation has exactly one of \"contains\", \"regex\", \"jsonPath\" or \"schema\", had " + kinds);
        }
        if (contains != null && contains.isEmpty()) {
            throw new ValidationException("\"contains\" must not be empty");
        }
        if (regex != null) {
            if (regex.length() > MAX_REGEX_LENGTH) {
                throw new ValidationException("\"regex\" has " + regex.length() + " characters, at most " + MAX_REGEX_LENGTH + " are allowed");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ValidationException("\"regex\" does not compile: " + e.getDescription());
            }
        }
        if (jsonPath != null) {
            JsonPaths.parse(jsonPath);
            if ((equalTo == null) == (exists == null)) {
                throw new ValidationException("\"jsonPath\" " + jsonPath + " needs exactly one of \"equals\" or \"exists\"");
            }
        } else if (equalTo != null || exists != null) {
            throw new ValidationException("\"equals\" and \"exists\" go with a \"jsonPath\"");
        }
        if (schema != null && !schema.isObject() && !schema.isBoolean()) {
            throw new ValidationException("\"schema\" must be a JSON Schema object");
        }
    }

    /** Returns an expectation that the text contains a string. */
    public static Expectation containing(String text) {
        return new Expectation(text, null, null, null, null, null);
    }

    /** Returns an expectation that a regular expression finds a match in the text. */
    public static Expectation matching(String regex) {
        return new Expectation(null, regex, null, null, null, null);
    }

    /** Returns an expectation that the JSON value at a path equals a value. */
    public static Expectation jsonPathEquals(String path, JsonNode value) {
        return new Expectation(null, null, path, value, null, null);
    }

    /** Returns an expectation that a JSON value is (or is not) at a path. */
    public static Expectation jsonPathExists(String path, boolean present) {
        return new Expectation(null, null, path, null, present, null);
    }

    /** Returns an expectation that the JSON satisfies a schema (the subset above). */
    public static Expectation satisfying(JsonNode jsonSchema) {
        return new Expectation(null, null, null, null, null, jsonSchema);
    }

    /**
     * Checks an answer.
     *
     * @param text the answer's text
     * @param json the answer's JSON, or {@code null} when it has none
     * @return {@code null} when satisfied, else why not
     */
    public @Nullable String failure(String text, @Nullable JsonNode json) {
        if (contains != null) {
            return text.contains(contains) ? null : "the answer does not contain '" + contains + "'";
        }
        if (regex != null) {
            return Pattern.compile(regex).matcher(text).find() ? null : "the answer does not match /" + regex + "/";
        }
        if (jsonPath != null) {
            if (json == null) {
                return "the answer has no JSON for " + jsonPath;
            }
            JsonNode at = JsonPaths.select(json, JsonPaths.parse(jsonPath));
            if (exists != null) {
                return (at != null) == exists ? null : jsonPath + (exists ? " is missing" : " is present");
            }
            JsonNode expected = equalTo == null ? NullNode.getInstance() : equalTo;
            if (at == null) {
                return jsonPath + " is missing (expected " + expected + ")";
            }
            return JsonPaths.sameValue(at, expected) ? null : jsonPath + " is " + at + ", expected " + expected;
        }
        if (json == null) {
            return "the answer has no JSON to check against the schema";
        }
        return SchemaSubset.failure(java.util.Objects.requireNonNull(schema), json, "$");
    }
}
