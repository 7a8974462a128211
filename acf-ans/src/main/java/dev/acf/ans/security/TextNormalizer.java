package dev.acf.ans.security;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes the obfuscations attackers use to slip instructions past filters, before any rule or
 * similarity check runs: invisible characters are removed (zero-width, bidi controls, soft
 * hyphens), Unicode tag characters are decoded to the ASCII they smuggle, the text is NFKC
 * normalized (full-width forms, ligatures), Cyrillic and Greek look-alikes are folded to Latin,
 * letter-by-letter spelling ({@code r-e-v-e-a-l}) and quoted string concatenation are joined,
 * and leetspeak digits inside words are read as letters. Base64, hex and URL-encoded segments
 * are decoded, and markup comments and hidden elements are pulled out, so each can be inspected
 * on its own. Stateless and thread-safe.
 */
final class TextNormalizer {
    /** How deep encoded segments inside decoded segments are followed. */
    private static final int MAX_DEPTH = 2;
    /** Content longer than this is inspected only up to here (the head carries the instruction). */
    static final int MAX_CHARS = 16_384;

    private static final Pattern BASE64 = Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}");
    private static final Pattern HEX = Pattern.compile("(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){10,}");
    private static final Pattern URL_ENCODED = Pattern.compile("(?:%[0-9A-Fa-f]{2}[^\\s%]{0,12}){3,}");
    private static final Pattern HTML_COMMENT = Pattern.compile("<!--(.*?)(?:-->|$)", Pattern.DOTALL);
    private static final Pattern MARKDOWN_COMMENT = Pattern.compile("\\[//]:\\s*#\\s*[(\"'](.*?)[)\"']\\s*$", Pattern.MULTILINE);
    private static final Pattern HIDDEN_ELEMENT = Pattern.compile(
            "<(\\w+)[^>]*(?:display\\s*:\\s*none|visibility\\s*:\\s*hidden|font-size\\s*:\\s*0|hidden)[^>]*>(.*?)</\\1>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern CODE_COMMENT = Pattern.compile("(?m)(?:^|\\s)(?:#|//)\\s*(.+)$");
    private static final Pattern SPELLED = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{L}([-._*\\s])(?:\\p{L}\\1){2,}\\p{L}(?![\\p{L}\\p{N}])");
    private static final Pattern CONCATENATION = Pattern.compile("['\"`]\\s*\\+\\s*['\"`]");
    private static final Pattern WORD_WITH_DIGITS = Pattern.compile("[\\p{L}\\d@$]*\\d[\\p{L}\\d@$]*");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern WORD_JOINER = Pattern.compile("(?<=[\\p{L}\\d])[-_]+(?=[\\p{L}\\d])");

    /**
     * The outcome of normalization.
     *
     * @param text the normalized text the rules and the embedder see (lower case)
     * @param compact the text with every non-letter removed, for words split by spaces or symbols
     * @param segments decoded and hidden segments, each normalized, to inspect on their own
     * @param signals which obfuscations were seen, such as {@code zero-width} or {@code base64}
     * @param alternate with leetspeak, the text read with {@code 1} as {@code l} instead of {@code i}; else empty
     */
    record Normalized(String text, String compact, List<Segment> segments, Set<String> signals, String alternate) {}

    /**
     * A piece of content that was encoded or hidden.
     *
     * @param kind how it was hidden: {@code base64}, {@code hex}, {@code url}, {@code tag-characters} or {@code hidden-markup}
     * @param text its normalized text
     */
    record Segment(String kind, String text) {}

    private TextNormalizer() {}

    /** Normalizes a text and decodes what it hides. */
    static Normalized normalize(String raw) {
        Set<String> signals = new LinkedHashSet<>();
        List<Segment> segments = new ArrayList<>();
        String head = raw.length() > MAX_CHARS ? raw.substring(0, MAX_CHARS) : raw;
        String text = normalize(head, signals, segments, 0, false);
        String compact = text.replaceAll("[^\\p{L}]+", "");
        String alternate = signals.contains("leetspeak") ? normalize(head, new LinkedHashSet<>(), new ArrayList<>(), MAX_DEPTH, true) : "";
        return new Normalized(text, compact, List.copyOf(segments), Set.copyOf(signals), alternate);
    }

    private static String normalize(String raw, Set<String> signals, List<Segment> segments, int depth) {
        return normalize(raw, signals, segments, depth, false);
    }

    private static String normalize(String raw, Set<String> signals, List<Segment> segments, int depth, boolean oneAsL) {
        String text = decodeTagCharacters(raw, signals, segments, depth);
        text = stripInvisible(text, signals);
        text = Normalizer.normalize(text, Normalizer.Form.NFKC);
        text = foldHomoglyphs(text, signals);
        hidden(text, signals, segments, depth);
        if (depth < MAX_DEPTH) {
            decodeSegments(text, signals, segments, depth);
        }
        text = CONCATENATION.matcher(text).replaceAll("");
        text = joinSpelled(text, signals);
        text = text.toLowerCase(Locale.ROOT);
        text = deLeet(text, signals, oneAsL);
        // Identifiers such as host names carry instructions as well: "ignore-all-rules.example.net".
        text = WORD_JOINER.matcher(text).replaceAll(" ");
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    private static String decodeTagCharacters(String text, Set<String> signals, List<Segment> segments, int depth) {
        StringBuilder visible = new StringBuilder(text.length());
        StringBuilder smuggled = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                if (cp >= 0xE0020 && cp <= 0xE007E) {
                    smuggled.append((char) (cp - 0xE0000));
                }
            } else {
                visible.appendCodePoint(cp);
            }
        }
        if (!smuggled.isEmpty()) {
            signals.add("tag-characters");
            segments.add(new Segment("tag-characters", normalize(smuggled.toString(), signals, segments, depth + 1)));
        }
        return visible.toString();
    }

    private static String stripInvisible(String text, Set<String> signals) {
        StringBuilder out = new StringBuilder(text.length());
        boolean seen = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isInvisible(c)) {
                seen = true;
            } else {
                out.append(c);
            }
        }
        if (seen) {
            signals.add("zero-width");
        }
        return out.toString();
    }

    static boolean isInvisible(char c) {
        return (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2060' && c <= '\u2064')
                || (c >= '\u2066' && c <= '\u2069') || c == '\uFEFF' || c == '\u00AD' || c == '\u180E' || c == '\u034F';
    }

    /** Cyrillic and Greek letters drawn like Latin ones; a word mixing scripts is read as Latin. */
    private static final String CONFUSABLE = "аАвВеЕѕЅіІјЈкКмМнНоОрРсСтТуУхХԁһӏԛԝаαΑβΒεΕηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧζΖ";
    private static final String LATIN = "aABBeEsSiIjJkKmMhHoOpPcCtTyYxXdhlqwaaABBeEHHiIkKuMvNoOpPtTuYxXzZ";

    private static String foldHomoglyphs(String text, Set<String> signals) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int at = c < 0x370 ? -1 : CONFUSABLE.indexOf(c);
            if (at >= 0 && latinNeighbour(text, i)) {
                if (out == null) {
                    out = new StringBuilder(text);
                    signals.add("homoglyph");
                }
                out.setCharAt(i, LATIN.charAt(at));
            }
        }
        return out == null ? text : out.toString();
    }

    /** True when the word around a look-alike has a Latin letter or another look-alike: not a word of Russian or Greek. */
    private static boolean latinNeighbour(String text, int at) {
        int start = at;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        int end = at;
        while (end < text.length() - 1 && Character.isLetter(text.charAt(end + 1))) {
            end++;
        }
        boolean latin = false;
        boolean foreign = false;
        for (int i = start; i <= end; i++) {
            char c = text.charAt(i);
            if (c < 0x250) {
                latin = true;
            } else if (CONFUSABLE.indexOf(c) < 0) {
                foreign = true;
            }
        }
        // A word made only of look-alikes ("аре") is read as Latin when the text around it is Latin.
        return latin || (!foreign && latinContext(text));
    }

    private static boolean latinContext(String text) {
        int latin = 0;
        int cyrillic = 0;
        for (int i = 0; i < text.length(); i++) {
            Character.UnicodeScript s = Character.UnicodeScript.of(text.charAt(i));
            if (s == Character.UnicodeScript.LATIN) {
                latin++;
            } else if (s == Character.UnicodeScript.CYRILLIC || s == Character.UnicodeScript.GREEK) {
                if (CONFUSABLE.indexOf(text.charAt(i)) < 0) {
                    cyrillic++;
                }
            }
        }
        return latin > 0 && cyrillic == 0;
    }

    private static void hidden(String text, Set<String> signals, List<Segment> segments, int depth) {
        for (Pattern p : List.of(HTML_COMMENT, MARKDOWN_COMMENT, HIDDEN_ELEMENT, CODE_COMMENT)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String content = m.group(m.groupCount()).strip();
                if (content.length() >= 8 && depth < MAX_DEPTH) {
                    if (p != CODE_COMMENT) {
                        signals.add("hidden-markup");
                    }
                    segments.add(new Segment(p == CODE_COMMENT ? "code-comment" : "hidden-markup",
                            normalize(content, signals, segments, depth + 1)));
                }
            }
        }
    }

    private static void decodeSegments(String text, Set<String> signals, List<Segment> segments, int depth) {
        Matcher b64 = BASE64.matcher(text);
        while (b64.find()) {
            String token = b64.group();
            if (token.chars().noneMatch(Character::isDigit) && token.chars().noneMatch(c -> c == '+' || c == '/' || c == '=')
                    && token.chars().filter(Character::isUpperCase).count() < 2) {
                continue; // a plain long word or identifier, not an encoding
            }
            String decoded = printable(base64(token));
            if (decoded != null) {
                signals.add("base64");
                segments.add(new Segment("base64", normalize(decoded, signals, segments, depth + 1)));
            }
        }
        Matcher hex = HEX.matcher(text);
        while (hex.find()) {
            String digits = hex.group().replaceAll("[ :]", "");
            if (digits.length() % 2 == 0) {
                String decoded = printable(HexFormat.of().parseHex(digits));
                if (decoded != null) {
                    signals.add("hex");
                    segments.add(new Segment("hex", normalize(decoded, signals, segments, depth + 1)));
                }
            }
        }
        Matcher url = URL_ENCODED.matcher(text);
        while (url.find()) {
            try {
                String decoded = URLDecoder.decode(url.group().replace("+", "%2B"), StandardCharsets.UTF_8);
                signals.add("url-encoding");
                segments.add(new Segment("url", normalize(decoded, signals, segments, depth + 1)));
            } catch (IllegalArgumentException e) {
                // Not valid percent-encoding: nothing hidden there.
            }
        }
    }

    private static byte[] base64(String token) {
        String t = token.replace('-', '+').replace('_', '/').replace("=", "");
        if (t.length() % 4 == 1) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(t + "==".substring(0, (4 - t.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Returns the bytes as text when they are UTF-8 that reads like words, else null. */
    private static String printable(byte[] bytes) {
        if (bytes.length < 8) {
            return null;
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        long letters = s.chars().filter(c -> Character.isLetter(c) || c == ' ').count();
        long controls = s.chars().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r').count();
        return controls == 0 && letters >= s.length() * 0.7 && s.contains(" ") ? s : null;
    }

    private static String joinSpelled(String text, Set<String> signals) {
        Matcher m = SPELLED.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean joined = false;
        while (m.find()) {
            String span = m.group();
            String letters = span.replaceAll("[-._*\\s]", "");
            // Ordinary prose has one-letter words ("a", "I") but not four in a row joined by separators.
            if (letters.length() >= 4) {
                m.appendReplacement(out, Matcher.quoteReplacement(letters));
                joined = true;
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(span));
            }
        }
        m.appendTail(out);
        if (joined) {
            signals.add("spelled-out");
        }
        return out.toString();
    }

    private static String deLeet(String text, Set<String> signals, boolean oneAsL) {
        Matcher m = WORD_WITH_DIGITS.matcher(text);
        StringBuilder out = new StringBuilder();
        int changed = 0;
        while (m.find()) {
            String word = m.group();
            long letters = word.chars().filter(Character::isLetter).count();
            long digits = word.chars().filter(c -> c >= '0' && c <= '9' || c == '@' || c == '$').count();
            String replacement = word;
            if (letters >= 1 && digits >= 1 && word.length() >= 3 && !word.matches(".*\\d{4,}.*")) {
                replacement = leet(word, oneAsL);
                changed++;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (changed >= 3) {
            signals.add("leetspeak");
        }
        return out.toString();
    }

    private static String leet(String word, boolean oneAsL) {
        StringBuilder b = new StringBuilder(word.length());
        for (char c : word.toCharArray()) {
            b.append(switch (c) {
                case '0' -> 'o';
                case '1' -> oneAsL ? 'l' : 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '6', '9' -> 'g';
                case '7' -> 't';
                case '8' -> 'b';
                default -> c;
            });
        }
        return b.toString();
    }
}
