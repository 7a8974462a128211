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
 * distance 1, or 2 for words of eight letters or more; the more frequent word wins a tie).
 * Correcting the text, rather than adding fuzzy clauses, also helps the embedding model,
 * which has no notion of "brodband". Thread-safe; the words looked up in the latest index
 * snapshot are remembered until the next snapshot.
 */
final class TypoCorrector {
    private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{IsLatin}{4,}(?![\\p{L}\\p{N}])");

    /** How many words' corrections one index snapshot keeps. */
    private static final int CACHE_SIZE = 4096;
    /** The corrections of the latest snapshot searched: its vocabulary is fixed, so they are too. */
    private static volatile Corrections latest = new Corrections(null);

    private TypoCorrector() {}

    /** Returns the text with unknown words corrected against the index vocabulary. */
    static String correct(String text, IndexReader reader) {
        Matcher m = WORD.matcher(text);
        if (!m.find()) {
            return text;
        }
        Corrections cache = corrections(reader);
        StringBuilder out = new StringBuilder();
        do {
            String word = m.group().toLowerCase(Locale.ROOT);
            String closest = isAcronym(m.group()) ? "" : cache.words.get(word, w -> closest(reader, w));
            m.appendReplacement(out, Matcher.quoteReplacement(closest.isEmpty() ? m.group() : closest));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private static Corrections corrections(IndexReader reader) {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        IndexReader.CacheKey key = helper == null ? null : helper.getKey();
        Corrections current = latest;
        if (key == null || current.snapshot != key) {
            current = new Corrections(key);
            if (key != null) {
                latest = current;
            }
        }
        return current;
    }

    /** Returns the replacement of a word, or "" when it needs none (known, a stop word, or nothing close). */
    private static String closest(IndexReader reader, String word) {
        try {
            if (TelecomAnalysis.STOP_WORDS.contains(word) || EnglishWords.known(word) || reader.docFreq(new Term(AgentDocuments.WORDS, word)) > 0) {
                return "";
            }
            Terms vocabulary = MultiTerms.getTerms(reader, AgentDocuments.WORDS);
            String closest = vocabulary == null ? null : closest(vocabulary, word);
            return closest == null ? "" : closest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Short words in capitals name something (CSPF, SMETS): not typos of catalogue words. */
    private static boolean isAcronym(String word) {
        return word.length() <= 6 && word.equals(word.toUpperCase(Locale.ROOT));
    }

    /** Corrections found in one index snapshot, identified by its reader's cache key. */
    private record Corrections(IndexReader.@Nullable CacheKey snapshot, QueryCache<String, String> words) {
        Corrections(IndexReader.@Nullable CacheKey snapshot) {
            this(snapshot, new QueryCache<>(CACHE_SIZE));
        }
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
