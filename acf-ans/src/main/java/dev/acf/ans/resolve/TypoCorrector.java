package dev.acf.ans.resolve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.search.FuzzyTermsEnum;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * Typo tolerance: a query word the index has never seen and that is no English word
 * ({@link EnglishWords}) is replaced by the closest word it has (Damerau-Levenshtein
 * distance 1, or 2 for words of eight letters or more; the more frequent word wins a tie). Correcting the text, rather than adding fuzzy clauses, also
 * helps the embedding model, which has no notion of "brodband". Stateless and thread-safe.
 */
final class TypoCorrector {
    private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{IsLatin}{4,}(?![\\p{L}\\p{N}])");

    private TypoCorrector() {}

    /** Returns the text with unknown words corrected against the index vocabulary. */
    static String correct(String text, IndexReader reader) {
        try {
            Terms vocabulary = MultiTerms.getTerms(reader, AgentDocuments.WORDS);
            if (vocabulary == null) {
                return text;
            }
            Matcher m = WORD.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String word = m.group().toLowerCase(Locale.ROOT);
                String replacement = m.group();
                if (!isAcronym(m.group()) && !TelecomAnalysis.STOP_WORDS.contains(word) && !EnglishWords.known(word)
                        && reader.docFreq(new Term(AgentDocuments.WORDS, word)) == 0) {
                    String closest = closest(vocabulary, word);
                    if (closest != null) {
                        replacement = closest;
                    }
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Short words in capitals name something (CSPF, SMETS): not typos of catalogue words. */
    private static boolean isAcronym(String word) {
        return word.length() <= 6 && word.equals(word.toUpperCase(Locale.ROOT));
    }

    private static @Nullable String closest(Terms vocabulary, String word) throws IOException {
        int maxEdits = word.length() >= 8 ? 2 : 1;
        FuzzyTermsEnum candidates = new FuzzyTermsEnum(vocabulary, new Term(AgentDocuments.WORDS, word), maxEdits, 1, true);
        String best = null;
        float bestBoost = -1;
        int bestFreq = -1;
        BytesRef term;
        while ((term = candidates.next()) != null) {
            float boost = candidates.getBoost();
            int freq = candidates.docFreq();
            if (boost > bestBoost || (boost == bestBoost && freq > bestFreq)) {
                best = term.utf8ToString();
                bestBoost = boost;
                bestFreq = freq;
            }
        }
        return best;
    }
}
