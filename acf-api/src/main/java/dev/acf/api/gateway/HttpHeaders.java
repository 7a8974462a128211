package dev.acf.api.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP header fields: names case-insensitive (kept lower case, as HTTP/2 writes them),
 * each with one or more values in order. Immutable and thread-safe; the {@code with*}
 * methods return copies.
 *
 * <pre>{@code
 * HttpHeaders h = HttpHeaders.of("Content-Type", "application/json").with("A2A-Version", "1.0");
 * h.first("content-type"); // Optional[application/json]
 * }</pre>
 *
 * @param fields the values by lower-case name
 */
public record HttpHeaders(Map<String, List<String>> fields) {
    private static final HttpHeaders EMPTY = new HttpHeaders(Map.of());

    /** Lower-cases names and copies the values. */
    public HttpHeaders {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            if (!e.getValue().isEmpty()) {
                copy.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(e.getValue());
            }
        }
        copy.replaceAll((k, v) -> List.copyOf(v));
        fields = java.util.Collections.unmodifiableMap(copy);
    }

    /** Returns no headers. */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /** Returns headers with one field. */
    public static HttpHeaders of(String name, String value) {
        return EMPTY.with(name, value);
    }

    /** Returns the first value of a field. */
    public Optional<String> first(String name) {
        List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Returns every value of a field, in order; empty when absent. */
    public List<String> all(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Returns true when the field is present. */
    public boolean contains(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Returns the field names, lower case. */
    public Set<String> names() {
        return fields.keySet();
    }

    /** Returns a copy where the field has exactly this value. */
    public HttpHeaders with(String name, String value) {
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> copy = new LinkedHashMap<>(fields);
        copy.put(name.toLowerCase(Locale.ROOT), List.of(value));
        return new HttpHeaders(copy);
    }

    /** Returns a copy with one more value for the field. */
    public HttpHeaders add(String name, String value) {
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> copy = new LinkedHashMap<>(fields);
        List<String> values = new ArrayList<>(copy.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        values.add(value);
        copy.put(name.toLowerCase(Locale.ROOT), values);
        return new HttpHeaders(copy);
    }

    /** Returns a copy without the field. */
    public HttpHeaders without(String name) {
        if (!contains(name)) {
            return this;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>(fields);
        copy.remove(name.toLowerCase(Locale.ROOT));
        return new HttpHeaders(copy);
    }
}
