package dev.acf.api.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * HTTP header fields: names case-insensitive (kept lower case, as HTTP/2 writes them),
 * each with one or more values in order. Immutable and thread-safe; {@code with},
 * {@code add} and {@code without} return new headers that share these fields instead of
 * copying them.
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

    /** Lower-cases names and copies the values (the fields of other headers are immutable already and kept as they are). */
    public HttpHeaders {
        if (!(fields instanceof HeaderFields)) {
            LinkedHashMap<String, List<String>> copy = LinkedHashMap.newLinkedHashMap(fields.size());
            for (Map.Entry<String, List<String>> e : fields.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                // Neither copies what is lower case already or an immutable list.
                List<String> values = List.copyOf(e.getValue());
                List<String> before = copy.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), values);
                if (before != null) {
                    List<String> both = new ArrayList<>(before);
                    both.addAll(values);
                    copy.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(both));
                }
            }
            fields = new HeaderFields(copy);
        }
    }

    /**
     * Returns a builder for about this many fields: transports translating another library's
     * headers build them this way in one pass, without the constructor's copy.
     */
    public static Builder builder(int expectedFields) {
        return new Builder(expectedFields);
    }

    /**
     * Collects header fields in order, names lower-cased, repeated names gathering their values;
     * {@link #build} hands the fields over without copying them. Not thread-safe; used once.
     */
    public static final class Builder {
        private @Nullable LinkedHashMap<String, List<String>> map;

        private Builder(int expectedFields) {
            this.map = LinkedHashMap.newLinkedHashMap(Math.max(expectedFields, 0));
        }

        /** Adds one value of a field, after any it has. */
        public Builder add(String name, String value) {
            Objects.requireNonNull(value, "value");
            LinkedHashMap<String, List<String>> m = fields();
            String key = name.toLowerCase(Locale.ROOT);
            List<String> before = m.putIfAbsent(key, List.of(value));
            if (before != null) {
                List<String> more = new ArrayList<>(before.size() + 1);
                more.addAll(before);
                more.add(value);
                m.put(key, List.copyOf(more));
            }
            return this;
        }

        /** Adds the values of a field, after any it has; none adds nothing. */
        public Builder add(String name, List<String> values) {
            if (values.size() == 1) {
                return add(name, values.get(0));
            }
            for (String value : values) {
                add(name, value);
            }
            return this;
        }

        /** Returns the headers; the builder cannot be used afterwards. */
        public HttpHeaders build() {
            HttpHeaders built = new HttpHeaders(new HeaderFields(fields()));
            map = null;
            return built;
        }

        private LinkedHashMap<String, List<String>> fields() {
            LinkedHashMap<String, List<String>> m = map;
            if (m == null) {
                throw new IllegalStateException("the headers were built already");
            }
            return m;
        }
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

    /** Returns headers where the field has exactly this value (a view of these: nothing is copied). */
    public HttpHeaders with(String name, String value) {
        Objects.requireNonNull(value, "value");
        return new HttpHeaders(((HeaderFields) fields).with(name.toLowerCase(Locale.ROOT), List.of(value)));
    }

    /** Returns headers with one more value for the field. */
    public HttpHeaders add(String name, String value) {
        Objects.requireNonNull(value, "value");
        String key = name.toLowerCase(Locale.ROOT);
        List<String> before = fields.get(key);
        if (before == null) {
            return new HttpHeaders(((HeaderFields) fields).with(key, List.of(value)));
        }
        List<String> values = new ArrayList<>(before.size() + 1);
        values.addAll(before);
        values.add(value);
        return new HttpHeaders(((HeaderFields) fields).with(key, List.copyOf(values)));
    }

    /** Returns headers without the field (a view of these: nothing is copied). */
    public HttpHeaders without(String name) {
        if (!contains(name)) {
            return this;
        }
        return new HttpHeaders(((HeaderFields) fields).with(name.toLowerCase(Locale.ROOT), null));
    }
}
