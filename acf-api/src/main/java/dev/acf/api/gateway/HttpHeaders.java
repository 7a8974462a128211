package dev.acf.api.gateway;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

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

    /** Lower-cases names and copies the values (the fields of other headers are immutable already and kept as they are). */
    public HttpHeaders {
        if (!(fields instanceof Fields)) {
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
            fields = new Fields(copy);
        }
    }

    /** The immutable field map of built headers; what the constructor recognises and does not copy again. */
    private static final class Fields extends AbstractMap<String, List<String>> {
        private final LinkedHashMap<String, List<String>> map;

        Fields(LinkedHashMap<String, List<String>> map) {
            this.map = map;
        }

        /** Returns a mutable copy to derive other headers from. */
        LinkedHashMap<String, List<String>> copy() {
            return new LinkedHashMap<>(map);
        }

        @Override
        public @Nullable List<String> get(@Nullable Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(@Nullable Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Set<String> keySet() {
            return Collections.unmodifiableSet(map.keySet());
        }

        @Override
        public Set<Map.Entry<String, List<String>>> entrySet() {
            return Collections.unmodifiableMap(map).entrySet();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super List<String>> action) {
            map.forEach(action);
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
            HttpHeaders built = new HttpHeaders(new Fields(fields()));
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

    /** Returns a copy where the field has exactly this value. */
    public HttpHeaders with(String name, String value) {
        Objects.requireNonNull(value, "value");
        LinkedHashMap<String, List<String>> copy = ((Fields) fields).copy();
        copy.put(name.toLowerCase(Locale.ROOT), List.of(value));
        return new HttpHeaders(new Fields(copy));
    }

    /** Returns a copy with one more value for the field. */
    public HttpHeaders add(String name, String value) {
        Objects.requireNonNull(value, "value");
        LinkedHashMap<String, List<String>> copy = ((Fields) fields).copy();
        List<String> values = new ArrayList<>(copy.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        values.add(value);
        copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
        return new HttpHeaders(new Fields(copy));
    }

    /** Returns a copy without the field. */
    public HttpHeaders without(String name) {
        if (!contains(name)) {
            return this;
        }
        LinkedHashMap<String, List<String>> copy = ((Fields) fields).copy();
        copy.remove(name.toLowerCase(Locale.ROOT));
        return new HttpHeaders(new Fields(copy));
    }
}
