package dev.acf.ans.resolve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
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
 * distance 1, or 2 for words of eight letters or more; the more frequent word wins a tie). An
 * inflected typo with no such word ("disconecting" where agents write "disconnect") has its stem
 * corrected against the stems of the descriptive fields instead, and keeps its ending.
 * Correcting the text, rather than adding fuzzy clauses, also helps the embedding model,
 * which has no notion of "brodband". Thread-safe; the words looked up in the latest index
 * snapshot are remembered until the next snapshot.
 */
final class TypoCorrector {
    private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{IsLatin}{4,}(?![\\p{L}\\p{N}])");

    /** Porter stems of single words, as {@link TelecomAnalysis} stems the descriptive fields (without its synonyms). */
    private static final Analyzer STEMS = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream stream = new LowerCaseFilter(source);
            stream = new StopFilter(stream, TelecomAnalysis.STOP_WORDS);
            return new TokenStreamComponents(source, new PorterStemFilter(stream));
        }
    };

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
            String closest = vocabulary == null ? null : closest(vocabulary, AgentDocuments.WORDS, word, maxEdits(word));
            if (closest == null) {
                closest = byStem(reader, word);
            }
            return closest == null ? "" : closest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Short words in capitals (CSPF, SMETS) and words with a capital inside (ePDG, VoWiFi) name
     * something: not typos of catalogue words.
     */
    private static boolean isAcronym(String word) {
        return (word.length() <= 6 && word.equals(word.toUpperCase(Locale.ROOT)))
                || !word.substring(1).equals(word.substring(1).toLowerCase(Locale.ROOT));
    }

    /** Corrections found in one index snapshot, identified by its reader's cache key. */
    private record Corrections(IndexReader.@Nullable CacheKey snapshot, QueryCache<String, String> words) {
        Corrections(IndexReader.@Nullable CacheKey snapshot) {
            this(snapshot, new QueryCache<>(CACHE_SIZE));
        }
    }

    /**
     * The fallback for an inflected typo whose inflection no agent text uses ("disconecting" where
     * agents write "disconnect" and "disconnects"): its stem corrected against the stems the
     * descriptive fields hold, the typo's own ending put back ("disconnecting"), so that both
     * BM25 and the embedding model see the word meant.
     */
    private static @Nullable String byStem(IndexReader reader, String word) throws IOException {
        String stem = stem(word);
        if (stem == null || stem.length() < 4 || stem.length() == word.length() || !word.startsWith(stem)) {
            return null; // no ending to put back: an uninflected word ("cust") is left to the whole-word search alone
        }
        Terms stems = MultiTerms.getTerms(reader, AgentDocuments.ALL);
        String closest = stems == null ? null : closest(stems, AgentDocuments.ALL, stem, maxEdits(stem));
        if (closest == null) {
            return null;
        }
        return closest + word.substring(stem.length()); // "disconnect" + "ing"
    }

    /** Returns the Porter stem of a lower-case word, as the descriptive fields index it, or null for a stop word. */
    private static @Nullable String stem(String word) throws IOException {
        try (TokenStream tokens = STEMS.tokenStream(AgentDocuments.ALL, word)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            String stem = tokens.incrementToken() ? term.toString() : null;
            tokens.end();
            return stem;
        }
    }

    /** One edit for a word under eight letters, two from eight. */
    private static int maxEdits(String word) {
        return word.length() >= 8 ? 2 : 1;
    }

    private static @Nullable String closest(Terms vocabulary, String field, String word, int maxEdits) throws IOException {
        FuzzyTermsEnum candidates = new FuzzyTermsEnum(vocabulary, new Term(field, word), maxEdits, 1, true);
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
