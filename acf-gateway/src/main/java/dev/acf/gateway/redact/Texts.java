package dev.acf.gateway.redact;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Cheap checks detectors make before running a regular expression. Stateless. */
final class Texts {
    private Texts() {}

    /** Returns true when the text holds at least {@code n} ASCII digits. */
    static boolean hasDigits(String text, int n) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++count >= n) {
                return true;
            }
        }
        return false;
    }

    /** Returns true when the text holds a run of at least {@code n} ASCII digits in a row. */
    static boolean hasDigitRun(String text, int n) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run >= n) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns true when the text holds the lower-case ASCII word in any case: what
     * {@code text.toLowerCase(Locale.ROOT).contains(word)} finds for a case-insensitive ASCII pattern, without the copy.
     */
    static boolean containsIgnoreCase(String text, String word) {
        int last = text.length() - word.length();
        char first = word.charAt(0);
        for (int i = 0; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == first || (c | 0x20) == first) && text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** Returns the field name in lower case without separators ({@code api_key} to {@code apikey}), or "" for none. */
    static String fieldKey(@Nullable String field) {
        if (field == null) {
            return "";
        }
        if (plainKey(field)) {
            // The usual field name (taskId, text, role): nothing to drop, at most one copy to fold the case (none when lower case).
            return field.toLowerCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean plainKey(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the up to {@code width} chars before {@code index}, lower case: the context a keyword is looked for in. */
    static String before(String text, int index, int width) {
        return text.substring(Math.max(0, index - width), index).toLowerCase(Locale.ROOT);
    }
}
