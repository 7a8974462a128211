package dev.acf.gateway.server;

import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lower-case header names for the names Netty's HTTP codecs decode: each distinct spelling
 * (such as {@code Content-Type}) is lower-cased once and remembered, so reading a message's
 * fields makes no name strings. At most {@value #MAX} spellings are kept; others are lower-cased
 * each time. Thread-safe.
 */
public final class HeaderNames {
    private static final int MAX = 1024;
    private static final ConcurrentHashMap<AsciiString, String> LOWER = new ConcurrentHashMap<>();

    private HeaderNames() {}

    /** Returns the name in lower case. */
    public static String lower(CharSequence name) {
        if (!(name instanceof AsciiString ascii)) {
            return name.toString().toLowerCase(Locale.ROOT);
        }
        String known = LOWER.get(ascii);
        if (known != null) {
            return known;
        }
        String lower = ascii.toString().toLowerCase(Locale.ROOT);
        if (LOWER.size() < MAX) {
            // A copy: the decoded name may be a view of a buffer the codec reuses.
            LOWER.putIfAbsent(new AsciiString(ascii.toByteArray(), false), lower);
        }
        return lower;
    }
}
