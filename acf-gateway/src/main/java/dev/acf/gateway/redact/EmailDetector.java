package dev.acf.gateway.redact;

import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.SensitiveDataDetector;
import dev.acf.api.security.SensitiveMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * E-mail addresses: a local part of the usual characters, {@code @}, and a domain of at least two
 * labels whose last one has two or more letters; labels neither start nor end with a hyphen.
 * Scans outwards from each {@code @}, so text without one costs one {@code indexOf}.
 */
final class EmailDetector implements SensitiveDataDetector, KindLevels {
    private static final Map<String, ClassificationLevel> KINDS = Map.of("email", ClassificationLevel.CONFIDENTIAL);

    static final String KIND = "email";

    @Override
    public Map<String, ClassificationLevel> kindLevels() {
        return KINDS;
    }

    @Override
    public List<SensitiveMatch> detect(String text, @Nullable String field) {
        int at = text.indexOf('@');
        if (at < 0) {
            return List.of();
        }
        List<SensitiveMatch> found = new ArrayList<>(1);
        while (at >= 0) {
            int start = at;
            while (start > 0 && local(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            int end = domainEnd(text, at + 1);
            if (start < at && text.charAt(at - 1) != '.' && end > at + 1) {
                found.add(new SensitiveMatch(start, end, KIND, ClassificationLevel.CONFIDENTIAL, "email"));
            }
            at = text.indexOf('@', Math.max(end, at + 1));
        }
        return found;
    }

    /** Returns the end of a valid domain starting at {@code from}, or {@code from} when there is none. */
    private static int domainEnd(String text, int from) {
        int i = from;
        int labels = 0;
        int lastLabelStart = from;
        int validEnd = from;
        while (true) {
            int labelStart = i;
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) && text.charAt(i) < 128 || text.charAt(i) == '-')) {
                i++;
            }
            if (i == labelStart || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                break;
            }
            labels++;
            lastLabelStart = labelStart;
            if (labels >= 2 && tld(text, lastLabelStart, i)) {
                validEnd = i;
            }
            if (i + 1 < text.length() && text.charAt(i) == '.' && Character.isLetterOrDigit(text.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return validEnd;
    }

    private static boolean tld(String text, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean local(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
    }
}
