package dev.acf.api.a2a;

import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A file {@link Part}: either inline bytes or a URL, never both.
 *
 * <p>The bytes are held as standard base64 (with padding), the way both versions write them;
 * a reader also accepts the URL-safe alphabet, which ProtoJSON permits. Immutable and
 * thread-safe.
 *
 * @param raw the content as base64, or {@code null} for a file given by URL
 * @param url the URL of the content, or {@code null} for inline bytes
 * @param filename the file name, such as {@code report.pdf}
 * @param mediaType the media type, such as {@code application/pdf}
 * @param metadata the metadata, possibly empty
 */
public record FilePart(
        @Nullable String raw,
        @Nullable String url,
        @Nullable String filename,
        @Nullable String mediaType,
        Map<String, Object> metadata) implements Part {

    /** Validates that exactly one of {@code raw} and {@code url} is set, and that the bytes decode. */
    public FilePart {
        if ((raw == null) == (url == null)) {
            throw new IllegalArgumentException("a file part needs exactly one of raw bytes or url");
        }
        if (raw != null) {
            raw = canonicalBase64(raw);
        } else if (url.isEmpty()) {
            throw new IllegalArgumentException("file part url must not be empty");
        }
        metadata = Copies.json(metadata);
    }

    /** Returns a file part with inline content. */
    public static FilePart ofBytes(byte[] content, @Nullable String mediaType, @Nullable String filename) {
        return new FilePart(Base64.getEncoder().encodeToString(content), null, filename, mediaType, Map.of());
    }

    /** Returns a file part that points at its content. */
    public static FilePart ofUrl(String url, @Nullable String mediaType, @Nullable String filename) {
        return new FilePart(null, url, filename, mediaType, Map.of());
    }

    /** Returns the decoded inline content, or {@code null} when the file is given by URL. */
    public byte @Nullable [] bytes() {
        return raw == null ? null : Base64.getDecoder().decode(raw);
    }

    private static String canonicalBase64(String value) {
        String compact = value.strip();
        try {
            return Base64.getEncoder().encodeToString(Base64.getDecoder().decode(compact));
        } catch (IllegalArgumentException standard) {
            try {
                return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(compact));
            } catch (IllegalArgumentException urlSafe) {
                throw new IllegalArgumentException("file part bytes are not valid base64: " + standard.getMessage());
            }
        }
    }
}
