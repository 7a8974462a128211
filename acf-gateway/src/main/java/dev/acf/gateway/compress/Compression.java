package dev.acf.gateway.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the gateway compresses responses towards its clients (GW-FWD-3): only when the client
 * accepts a coding ({@code Accept-Encoding}, q-values honoured, {@code zstd} before {@code gzip}
 * at equal q), only bodies of a compressible media type, whole bodies only from
 * {@code minBytes} on (streams always), and never a body that already has a
 * {@code Content-Encoding}. Request bodies sent with {@code Content-Encoding: gzip} or
 * {@code zstd} are decoded, the body limit applying to the decoded size. Immutable.
 *
 * <pre>{@code
 * Compression gzipOnly = Compression.defaults().withCodings(List.of(ContentCoding.GZIP)).withMinBytes(4096);
 * }</pre>
 *
 * @param enabled whether responses are compressed and request bodies decoded at all
 * @param minBytes the smallest whole body compressed; smaller ones are not worth a coding
 * @param codings the codings offered, preferred first (among those a client weighs equally)
 * @param mediaTypes compressible media types, lower case: exact ({@code application/json}), a
 *     whole family ({@code text/*}) or a structured suffix ({@code application/*+json})
 */
public record Compression(boolean enabled, int minBytes, List<ContentCoding> codings, Set<String> mediaTypes) {

    /** The media types compressed by default: JSON (A2A, JSON-RPC), text and event streams, XML, JavaScript, SVG. */
    public static final Set<String> DEFAULT_MEDIA_TYPES = Set.of("application/json", "application/*+json", "application/x-ndjson",
            "application/jsonl", "application/javascript", "application/xml", "application/*+xml", "image/svg+xml", "text/*");

    private static final Compression DEFAULTS = new Compression(true, 1024, List.of(ContentCoding.ZSTD, ContentCoding.GZIP),
            DEFAULT_MEDIA_TYPES);
    private static final Compression OFF = new Compression(false, 1024, List.of(), DEFAULT_MEDIA_TYPES);

    /** Requires a non-negative threshold; copies the lists. */
    public Compression {
        if (minBytes < 0) {
            throw new IllegalArgumentException("minBytes must not be negative, was " + minBytes);
        }
        codings = List.copyOf(codings);
        mediaTypes = Set.copyOf(mediaTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList());
    }

    /** Returns the defaults: on, zstd then gzip, from 1 KiB, the {@link #DEFAULT_MEDIA_TYPES}. */
    public static Compression defaults() {
        return DEFAULTS;
    }

    /** Returns compression turned off: responses go out as the agent sent them, encoded request bodies are passed on as is. */
    public static Compression off() {
        return OFF;
    }

    /** Returns these settings with another threshold for whole bodies. */
    public Compression withMinBytes(int value) {
        return new Compression(enabled, value, codings, mediaTypes);
    }

    /** Returns these settings offering only {@code value}, preferred first. */
    public Compression withCodings(List<ContentCoding> value) {
        return new Compression(enabled, minBytes, value, mediaTypes);
    }

    /** Returns these settings compressing only the media types {@code value}. */
    public Compression withMediaTypes(Set<String> value) {
        return new Compression(enabled, minBytes, codings, value);
    }

    /**
     * Returns the coding to use for a client that sent {@code acceptEncoding}: the offered coding
     * with the highest q-value above zero ({@code *} covers codings not named), ties going to the
     * earlier in {@link #codings()}; null for identity (no header, nothing acceptable, or off).
     */
    public @Nullable ContentCoding negotiate(@Nullable String acceptEncoding) {
        if (!enabled || acceptEncoding == null || acceptEncoding.isEmpty() || codings.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(4);
        List<Float> weights = new ArrayList<>(4);
        float star = 0;
        for (String item : acceptEncoding.split(",")) {
            int semi = item.indexOf(';');
            String name = (semi < 0 ? item : item.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            float q = semi < 0 ? 1 : quality(item.substring(semi + 1));
            if (name.equals("*")) {
                star = q;
            } else if (!name.isEmpty()) {
                names.add(name);
                weights.add(q);
            }
        }
        ContentCoding best = null;
        float bestQ = 0;
        for (ContentCoding coding : codings) {
            int at = names.indexOf(coding.token());
            float q = at >= 0 ? weights.get(at) : star;
            if (q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best;
    }

    /** Returns whether a body of {@code contentType} (parameters allowed) is worth compressing; false without a type. */
    public boolean compressible(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (mediaTypes.contains(type)) {
            return true;
        }
        int slash = type.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        if (mediaTypes.contains(type.substring(0, slash) + "/*")) {
            return true;
        }
        int plus = type.lastIndexOf('+');
        return plus > slash && mediaTypes.contains(type.substring(0, slash) + "/*" + type.substring(plus));
    }

    private static float quality(String parameters) {
        for (String p : parameters.split(";")) {
            String param = p.trim();
            if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                try {
                    float q = Float.parseFloat(param.substring(2).trim());
                    return q < 0 || q > 1 || Float.isNaN(q) ? 0 : q;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
