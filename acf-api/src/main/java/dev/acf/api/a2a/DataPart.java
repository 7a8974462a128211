package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A structured-data {@link Part}: any JSON value (v1.0's {@code google.protobuf.Value}).
 *
 * <p>v0.3 only carries objects: a v0.3 writer wraps any other value as {@code {"value": ...}}
 * and marks the part's metadata with {@code data_part_compat: true}, and a reader unwraps it,
 * as the official SDKs do. Immutable and thread-safe: the tree is copied in and out.
 *
 * @param data the value
 * @param mediaType the media type (v1.0 only), such as {@code application/json}
 * @param metadata the metadata, possibly empty
 */
public record DataPart(JsonNode data, @Nullable String mediaType, Map<String, Object> metadata) implements Part {
    /** Validates and copies the components. */
    public DataPart {
        data = Objects.requireNonNull(data, "data").deepCopy();
        metadata = Copies.json(metadata);
    }

    /** Returns a data part holding this value. */
    public static DataPart of(JsonNode data) {
        return new DataPart(data, null, Map.of());
    }

    /** Returns a copy of the value. */
    @Override
    public JsonNode data() {
        return data.deepCopy();
    }
}
