package dev.acf.ans.resolve;

import dev.acf.api.error.ConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Chinese-to-English telecom glossary that turns a Chinese (or mixed) intent into English
 * words, so that English agent texts can be matched lexically and by the English embedding
 * model. Matching is greedy longest-first from left to right; runs of Latin letters and
 * digits (such as {@code 5G}, {@code ALM-1025}) are kept as they are. Immutable and
 * thread-safe.
 *
 * <p>The file format is one entry a line: a Chinese term, a tab, then English renderings
 * separated by {@code ;}. Lines starting with {@code #} are comments; a term listed twice
 * keeps the renderings of both lines.
 */
final class ChineseGlossary {
    private final Map<String, List<String>> entries;
    private final int longestTerm;

    private ChineseGlossary(Map<String, List<String>> entries) {
        this.entries = Map.copyOf(entries);
        this.longestTerm = entries.keySet().stream().mapToInt(String::length).max().orElse(1);
    }

    /** Reads a glossary; fails with the line number of a malformed line. */
    static ChineseGlossary read(Reader reader, String source) {
        Map<String, Set<String>> merged = new HashMap<>();
        try (BufferedReader in = new BufferedReader(reader)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0 || tab == line.length() - 1) {
                    throw new ConfigurationException("glossary " + source + " line " + number
                            + " must be 'term<TAB>english; english', was '" + line + "'");
                }
                String term = line.substring(0, tab).strip().toLowerCase(Locale.ROOT);
                Set<String> renderings = merged.computeIfAbsent(term, t -> new LinkedHashSet<>());
                for (String english : line.substring(tab + 1).split(";")) {
                    if (!english.isBlank()) {
                        renderings.add(english.strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot read glossary " + source + ": " + e.getMessage());
        }
        Map<String, List<String>> entries = new HashMap<>();
        merged.forEach((term, renderings) -> entries.put(term, List.copyOf(renderings)));
        return new ChineseGlossary(entries);
    }

    /**
     * Returns a short hash of the entries, recorded with the index: agent texts in Chinese are
     * indexed through the glossary, so an index built with another one is rebuilt.
     */
    String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(entries).forEach((term, renderings) -> {
                digest.update((term + "\t" + String.join(";", renderings) + "\n").getBytes(StandardCharsets.UTF_8));
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Returns how many terms the glossary holds. */
    int size() {
        return entries.size();
    }

    /** Returns true when the text contains Han characters. */
    static boolean hasChinese(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    /**
     * Returns the English rendering of the text: glossary terms replaced by their English
     * renderings, Latin runs kept, other Chinese characters dropped.
     */
    String translate(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lower.length()) {
            int matched = 0;
            for (int len = Math.min(longestTerm, lower.length() - i); len >= 1; len--) {
                List<String> english = entries.get(lower.substring(i, i + len));
                if (english != null) {
                    append(out, String.join(" ", english));
                    matched = len;
                    break;
                }
            }
            if (matched > 0) {
                i += matched;
                continue;
            }
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c) && Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN) {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-')
                        && Character.UnicodeScript.of(text.charAt(end)) != Character.UnicodeScript.HAN) {
                    end++;
                }
                append(out, text.substring(i, end));
                i = end;
            } else {
                if (isClauseBreak(c)) {
                    out.append(',');
                }
                i++;
            }
        }
        return out.toString().strip();
    }

    private static boolean isClauseBreak(char c) {
        return "，。；！？,.;!?".indexOf(c) >= 0;
    }

    private static void append(StringBuilder out, String words) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
        out.append(words);
    }
}
