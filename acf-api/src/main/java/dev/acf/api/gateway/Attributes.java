package dev.acf.api.gateway;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The attributes of an {@link Exchange}: an immutable map kept as a chain of entries, newest
 * first, so that {@link Exchange#withAttribute} adds one entry and shares the rest instead of
 * copying a map per attribute (an exchange carries a handful, set one by one by the filters).
 * A newer entry hides an older one of the same key. Thread-safe.
 */
final class Attributes extends AbstractMap<String, Object> {
    static final Attributes EMPTY = new Attributes(null, "", "", 0);

    private final @Nullable Attributes older;
    private final String key;
    private final Object value;
    /** The key's hash: lookups walk the chain comparing it before the key itself. */
    private final int hash;
    /** How many distinct keys this chain holds. */
    private final int size;
    /**
     * One bit per key hash in this chain (a one-word Bloom filter): most lookups of a key the chain
     * does not hold (the optional attributes filters ask for) end here instead of walking the chain.
     */
    private final long keys;

    private Attributes(@Nullable Attributes older, String key, Object value, int size) {
        this.older = older;
        this.key = key;
        this.value = value;
        this.hash = key.hashCode();
        this.size = size;
        this.keys = older == null ? 0 : older.keys | bit(hash);
    }

    private static long bit(int hash) {
        return 1L << ((hash ^ (hash >>> 6) ^ (hash >>> 16)) & 63);
    }

    /** Returns these attributes as a chain: the same object when they already are one. */
    static Attributes copyOf(Map<String, Object> attributes) {
        if (attributes instanceof Attributes a) {
            return a;
        }
        Attributes out = EMPTY;
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            out = out.with(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Returns the chain with this entry added (hiding an older one of the same key). */
    Attributes with(String newKey, Object newValue) {
        Objects.requireNonNull(newKey, "key");
        Objects.requireNonNull(newValue, "value");
        return new Attributes(this, newKey, newValue, containsKey(newKey) ? size : size + 1);
    }

    private @Nullable Attributes find(@Nullable Object wanted) {
        if (!(wanted instanceof String k)) {
            return null;
        }
        int h = k.hashCode();
        if ((keys & bit(h)) == 0) {
            return null;
        }
        for (Attributes a = this; a != EMPTY && a != null; a = a.older) {
            if (a.hash == h && (a.key == k || a.key.equals(k))) {
                return a;
            }
        }
        return null;
    }

    @Override
    public @Nullable Object get(@Nullable Object wanted) {
        Attributes a = find(wanted);
        return a == null ? null : a.value;
    }

    @Override
    public boolean containsKey(@Nullable Object wanted) {
        return find(wanted) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(size);
        for (Attributes a = this; a != EMPTY && a != null; a = a.older) {
            if (find(a.key) == a) {
                entries.add(Map.entry(a.key, a.value));
            }
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return java.util.Collections.unmodifiableList(entries).iterator();
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }
}
