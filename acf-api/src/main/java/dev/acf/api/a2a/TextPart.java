package dev.acf.api.a2a;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A text {@link Part}. Immutable and thread-safe.
 *
 * @param text the text, possibly empty
 * @param mediaType the media type (v1.0 only; v0.3 drops it), such as {@code text/markdown}
 * @param metadata the metadata, possibly empty
 */
public record TextPart(String text, @Nullable String mediaType, Map<String, Object> metadata) implements Part {
    /** Validates and copies the components. */
    public TextPart {
        Objects.requireNonNull(text, "text");
        metadata = Copies.json(metadata);
    }

    /** Returns a plain text part. */
    public static TextPart of(String text) {
        return new TextPart(text, null, Map.of());
    }
}
