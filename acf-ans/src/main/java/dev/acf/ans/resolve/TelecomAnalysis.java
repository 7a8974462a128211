package dev.acf.ans.resolve;

import dev.acf.api.error.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.jspecify.annotations.Nullable;

/**
 * The text analysis of the agent index: English (possessives, lower case, stop words, Porter
 * stems) for the descriptive fields, plain lower-cased words for typo correction, SmartCN
 * segmentation for Chinese, and the telecom synonyms as concept tokens ({@link SynonymConcepts})
 * added to the English fields at index time and to queries. Immutable and thread-safe.
 */
final class TelecomAnalysis implements AutoCloseable {
    /** Lucene's English stop words plus the filler words of spoken requests. */
    static final CharArraySet STOP_WORDS = stopWords();

    private final Analyzer english = new EnglishAnalyzerChain(null, false);
    private final SynonymConcepts concepts;
    private final Analyzer englishIndex;
    private final Analyzer englishQuery;
    private final Analyzer words = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            return new TokenStreamComponents(source, new LowerCaseFilter(source));
        }
    };
    private final Analyzer chinese = new SmartChineseAnalyzer();
    private final Analyzer indexAnalyzer;
    private final Analyzer queryAnalyzer;

    TelecomAnalysis(Reader synonyms, String source) {
        try {
            concepts = SynonymConcepts.parse(lines(synonyms, source), english, source);
        } catch (IOException e) {
            throw new ConfigurationException("cannot load synonyms from " + source + ": " + e.getMessage());
        }
        englishIndex = new EnglishAnalyzerChain(concepts.indexSide(), true);
        englishQuery = new EnglishAnalyzerChain(concepts.querySide(), false);
        indexAnalyzer = perField(englishIndex);
        queryAnalyzer = perField(englishQuery);
    }

    /** Returns the synonym concepts. */
    SynonymConcepts concepts() {
        return concepts;
    }

    /** Returns a short hash of the synonyms the index was analysed with: another set needs a rebuild. */
    String synonymsFingerprint() {
        return concepts.fingerprint();
    }

    /** The analyzer an {@code IndexWriter} uses: per field. */
    Analyzer indexAnalyzer() {
        return indexAnalyzer;
    }

    /**
     * The analyzer queries are built with: the index's, with the concepts of the query side on
     * English fields (the index has those of the right-hand side).
     */
    Analyzer queryAnalyzer() {
        return queryAnalyzer;
    }

    private Analyzer perField(Analyzer englishFields) {
        Map<String, Analyzer> byField = Map.of(AgentDocuments.WORDS, words, AgentDocuments.CHINESE, chinese);
        return new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
            @Override
            protected Analyzer getWrappedAnalyzer(String fieldName) {
                return byField.getOrDefault(fieldName, englishFields);
            }
        };
    }

    /** Reads the non-blank, non-comment lines of a Solr-format synonym file. */
    private static List<String> lines(Reader reader, String source) {
        List<String> lines = new ArrayList<>();
        try (var buffered = new java.io.BufferedReader(reader)) {
            String line;
            while ((line = buffered.readLine()) != null) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    lines.add(trimmed);
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot read synonyms from " + source + ": " + e.getMessage());
        }
        return lines;
    }

    @Override
    public void close() {
        english.close();
        englishIndex.close();
        englishQuery.close();
        words.close();
        chinese.close();
    }

    private static CharArraySet stopWords() {
        CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        for (String w : List.of("i", "i'm", "im", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he",
                "him", "his", "she", "her", "hers", "its", "them", "what", "which", "who", "whom", "whose", "do", "does",
                "did", "doing", "have", "has", "had", "having", "can", "could", "would", "should", "shall", "may", "might",
                "must", "please", "pls", "just", "so", "very", "too", "some", "any", "from", "about", "been", "being",
                "am", "were", "here", "than", "also", "again", "ever", "still", "really", "quite", "anyone", "someone",
                "something", "anything", "everyone", "everything", "thing", "things", "want", "wants", "need", "needs",
                "like", "let", "lets", "get", "gets", "got", "make", "sure", "tell", "know", "see", "how", "why", "when",
                "where", "while", "whether", "now", "right", "today", "yesterday", "tomorrow", "since", "each", "every",
                "other", "another", "same", "own", "one", "ones", "our", "hi", "hello", "thanks", "thank", "ok", "okay")) {
            set.add(w);
        }
        return CharArraySet.unmodifiableSet(set);
    }

    /**
     * Standard tokens, possessives, lower case, stop words, Porter stems; synonym concepts when
     * given, their graph flattened for indexing.
     */
    private static final class EnglishAnalyzerChain extends Analyzer {
        private final @Nullable SynonymMap synonyms;
        private final boolean flatten;

        EnglishAnalyzerChain(@Nullable SynonymMap synonyms, boolean flatten) {
            this.synonyms = synonyms;
            this.flatten = flatten;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream stream = new EnglishPossessiveFilter(source);
            stream = new LowerCaseFilter(stream);
            stream = new StopFilter(stream, STOP_WORDS);
            stream = new PorterStemFilter(stream);
            if (synonyms != null && synonyms.fst != null) {
                stream = new SynonymGraphFilter(stream, synonyms, true);
                if (flatten) {
                    stream = new FlattenGraphFilter(stream);
                }
            }
            return new TokenStreamComponents(source, stream);
        }
    }
}
