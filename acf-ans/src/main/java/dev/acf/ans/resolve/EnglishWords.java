package dev.acf.ans.resolve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The English words typo correction must leave alone: a query word that no agent text uses
 * is a typo only when it is no English word either ("brodband"), otherwise correcting it to the
 * nearest catalogue word turns "patch" into "path" and "paid" into "pair". Reads the
 * {@code english-words.txt} resource once. Immutable and thread-safe.
 */
final class EnglishWords {
    private static final Set<String> WORDS = load();
    /** Endings reduced to find a listed base form, with what replaces them. */
    private static final String[][] ENDINGS = {
        {"ies", "y"}, {"ied", "y"}, {"es", ""}, {"s", ""}, {"ed", ""}, {"ed", "e"}, {"d", ""}, {"ing", ""}, {"ing", "e"}, {"ly", ""}, {"er", ""}};

    private EnglishWords() {}

    /**
     * Contractions typed without their apostrophe: words, not typos ("wont" is no misspelt
     * "want"), though the list of whole words lacks them.
     */
    private static final Set<String> CONTRACTIONS = Set.of("dont", "doesnt", "didnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt",
            "isnt", "arent", "wasnt", "werent", "hasnt", "havent", "hadnt", "youre", "theyre", "whats", "thats", "theres", "wheres",
            "heres", "youve", "weve", "theyve", "ill", "youll", "itll", "shes", "hes");

    /** Returns true when the lower-case word, one of its inflections' bases, or both halves of it are English words. */
    static boolean known(String word) {
        if (CONTRACTIONS.contains(word) || hasBase(word)) {
            return true;
        }
        for (int i = 4; i <= word.length() - 4; i++) {
            if (WORDS.contains(word.substring(0, i)) && hasBase(word.substring(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBase(String word) {
        if (listed(word)) {
            return true;
        }
        for (String[] e : ENDINGS) {
            // a base of five letters at least for "-er": "repeater" is a word, "watter" no
            if (word.endsWith(e[0]) && word.length() - e[0].length() >= (e[0].equals("er") ? 5 : 3)) {
                String base = word.substring(0, word.length() - e[0].length()) + e[1];
                int n = base.length();
                // "swapped", "planning": the doubled consonant of the inflection
                if (listed(base) || (e[1].isEmpty() && n >= 4 && base.charAt(n - 1) == base.charAt(n - 2) && listed(base.substring(0, n - 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The word itself or its American spelling ("optimise", "analyse", "colour"). */
    private static boolean listed(String word) {
        return WORDS.contains(word)
                || WORDS.contains(word.replace("isation", "ization").replace("ise", "ize").replace("yse", "yze").replace("our", "or"));
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(32_768);
        try (InputStream in = EnglishWords.class.getResourceAsStream("english-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource english-words.txt is missing from the acf-ans jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    words.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
