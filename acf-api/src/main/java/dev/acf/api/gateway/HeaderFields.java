package dev.acf.api.gateway;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The immutable field map of built {@link HttpHeaders}: a map of lower-case names, or a view of
 * other fields with one field set or removed. Filters set or drop a field or two per request
 * (trace context, request id, credentials); a view costs one object where a copy cost a map.
 * Views are flattened into a map beyond a few levels, and iterate in the order a copied
 * {@link LinkedHashMap} would: a replaced field keeps its place, an added one comes last.
 * Thread-safe.
 */
final class HeaderFields extends AbstractMap<String, List<String>> {
    /** Views on views beyond this depth are flattened, so lookups stay short. */
    private static final int MAX_DEPTH = 6;

    /** The fields, when this is a map; null for a view. */
    private final @Nullable LinkedHashMap<String, List<String>> map;
    /** What this view changes; null for a map. */
    private final @Nullable HeaderFields under;
    private final @Nullable String name;
    /** The field's values in this view; null when the view removes it. */
    private final @Nullable List<String> values;
    private final int depth;
    private final int size;

    HeaderFields(LinkedHashMap<String, List<String>> map) {
        this.map = map;
        this.under = null;
        this.name = null;
        this.values = null;
        this.depth = 0;
        this.size = map.size();
    }

    private HeaderFields(HeaderFields under, String name, @Nullable List<String> values, int size) {
        this.map = null;
        this.under = under;
        this.name = name;
        this.values = values;
        this.depth = under.depth + 1;
        this.size = size;
    }

    /** Returns fields where {@code name} (lower case) has these values, or none when {@code values} is null. */
    HeaderFields with(String name, @Nullable List<String> values) {
        boolean had = containsKey(name);
        if (values == null && !had) {
            return this;
        }
        // A name removed below and added again goes last: a view would keep its old place, so flatten.
        HeaderFields base = depth >= MAX_DEPTH || (values != null && !had && removedBelow(name)) ? flat() : this;
        int newSize = size + (values == null ? -1 : had ? 0 : 1);
        return new HeaderFields(base, name, values, newSize);
    }

    private boolean removedBelow(String wanted) {
        for (HeaderFields f = this; f.map == null; f = f.under) {
            if (wanted.equals(f.name) && f.values == null) {
                return true;
            }
        }
        return false;
    }

    private HeaderFields flat() {
        LinkedHashMap<String, List<String>> copy = LinkedHashMap.newLinkedHashMap(size);
        forEach(copy::put);
        return new HeaderFields(copy);
    }

    /** Returns a mutable copy to derive other fields from. */
    LinkedHashMap<String, List<String>> copy() {
        LinkedHashMap<String, List<String>> copy = LinkedHashMap.newLinkedHashMap(size + 1);
        forEach(copy::put);
        return copy;
    }

    @Override
    public @Nullable List<String> get(@Nullable Object key) {
        HeaderFields f = this;
        while (f.map == null) {
            if (f.name != null && f.name.equals(key)) {
                return f.values;
            }
            f = f.under;
        }
        return f.map.get(key);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<String> keySet() {
        return map != null ? Collections.unmodifiableSet(map.keySet()) : Collections.unmodifiableSet(copy().keySet());
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
        return Collections.unmodifiableMap(map != null ? map : copy()).entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super List<String>> action) {
        if (map != null) {
            map.forEach(action);
            return;
        }
        HeaderFields[] views = new HeaderFields[depth];
        HeaderFields f = this;
        int n = 0;
        while (f.map == null) {
            views[n++] = f;
            f = f.under;
        }
        LinkedHashMap<String, List<String>> bottom = f.map;
        // The bottom map's fields in place, as the views left them.
        bottom.forEach((key, v) -> {
            List<String> now = get(key);
            if (now != null) {
                action.accept(key, now);
            }
        });
        // Then the fields the views added, oldest first, each once, as they are now.
        for (int i = n - 1; i >= 0; i--) {
            String key = views[i].name;
            if (key == null || bottom.containsKey(key) || addedBelow(views, i, key)) {
                continue;
            }
            List<String> now = get(key);
            if (now != null) {
                action.accept(key, now);
            }
        }
    }

    /** Whether a view older than {@code views[i]} (higher index) names the key. */
    private static boolean addedBelow(HeaderFields[] views, int i, String key) {
        for (int j = i + 1; j < views.length; j++) {
            if (views[j] != null && key.equals(views[j].name)) {
                return true;
            }
        }
        return false;
    }
}
