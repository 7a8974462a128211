package dev.acf.ans.resolve;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;

/**
 * The strings of a sorted doc-values field by ordinal, decoded once per segment: grouping a
 * search's hits to agents looks up the same keys and skills search after search, and each
 * {@code lookupOrd} decodes a block of the terms dictionary. Entries are filled lazily and
 * dropped with their segment. Thread-safe: a slot may be decoded twice by racing searches,
 * to the same immutable string.
 */
final class SortedValues {
    private final String field;
    private final Map<IndexReader.CacheKey, String[]> bySegment = new ConcurrentHashMap<>();

    SortedValues(String field) {
        this.field = field;
    }

    /**
     * Returns the value of ordinal {@code ord} of this field in {@code leaf}, whose doc values
     * {@code values} are (any iterator of this field over that segment: ordinals are looked up,
     * whatever document it is on).
     */
    String value(LeafReader leaf, SortedDocValues values, int ord) throws IOException {
        IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
        if (helper == null) {
            return values.lookupOrd(ord).utf8ToString();
        }
        String[] strings = bySegment.get(helper.getKey());
        if (strings == null) {
            strings = segment(helper, values.getValueCount());
        }
        String s = strings[ord];
        if (s == null) {
            s = values.lookupOrd(ord).utf8ToString();
            strings[ord] = s;
        }
        return s;
    }

    private String[] segment(IndexReader.CacheHelper helper, int count) {
        return bySegment.computeIfAbsent(helper.getKey(), key -> {
            helper.addClosedListener(bySegment::remove);
            return new String[count];
        });
    }

    /** Returns the field these values belong to. */
    String field() {
        return field;
    }
}
