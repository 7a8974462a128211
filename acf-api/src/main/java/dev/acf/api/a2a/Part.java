package dev.acf.api.a2a;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One piece of content in a {@link Message} or an {@link Artifact}: text, a file or structured
 * data.
 *
 * <p>v1.0 writes the present content field ({@code text}, {@code raw}, {@code url} or
 * {@code data}) with {@code mediaType} and {@code filename} beside it; v0.3 writes a
 * {@code kind} discriminator and nests files under {@code file}. Implementations are immutable
 * and thread-safe.
 */
public sealed interface Part permits TextPart, FilePart, DataPart {
    /** Returns the media type of the content, such as {@code text/plain}, when known. */
    @Nullable String mediaType();

    /** Returns the part's metadata (an immutable JSON object as Java values; may be empty). */
    Map<String, Object> metadata();
}
