package dev.acf.ans.resolve;

import dev.acf.api.error.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.text.ParseException;
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
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.slf4j.Logger;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The text analysis of the agent index: English (possessives, lower case, stop words, Porter
 * stems) for the descriptive fields, plain lower-cased words for typo correction, SmartCN
 * segmentation for Chinese, and the telecom synonyms applied to queries only (so extending
 * the synonym file needs no re-indexing). Immutable and thread-safe.
 */
final class TelecomAnalysis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelecomAnalysis.class);

    /** Lucene's English stop words plus the filler words of spoken requests. */
    static final CharArraySet STOP_WORDS = stopWords();

    private final Analyzer english = new EnglishAnalyzerChain(null);
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
        SynonymMap map = parseSynonyms(synonyms, source);
        englishQuery = new EnglishAnalyzerChain(map);
        indexAnalyzer = perField(english);
        queryAnalyzer = perField(englishQuery);
    }

    /** The analyzer an {@code IndexWriter} uses: per field. */
    Analyzer indexAnalyzer() {
        return indexAnalyzer;
    }

    /** The analyzer queries are built with: the index's, plus synonyms on English fields. */
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

    /**
     * Parses Solr-format synonyms line by line, so one bad line is skipped with a warning
     * instead of losing the whole file.
     */
    private SynonymMap parseSynonyms(Reader reader, String source) {
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
        try {
            StringBuilder valid = new StringBuilder();
            int skipped = 0;
            for (String line : lines) {
                try {
                    new SolrSynonymParser(true, true, english).parse(new StringReader(line));
                    valid.append(line).append('\n');
                } catch (ParseException | IllegalArgumentException e) {
                    skipped++;
                    LOG.warn("Skipping synonym line '{}' of {}: {}", line, source, e.getMessage());
                }
            }
            SolrSynonymParser parser = new SolrSynonymParser(true, true, english);
            parser.parse(new StringReader(valid.toString()));
            LOG.debug("Loaded {} synonym lines from {} ({} skipped)", lines.size() - skipped, source, skipped);
            return parser.build();
        } catch (IOException | ParseException e) {
            throw new ConfigurationException("cannot load synonyms from " + source + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        english.close();
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

    /** Standard tokens, possessives, lower case, stop words, Porter stems; synonyms when given. */
    private static final class EnglishAnalyzerChain extends Analyzer {
        private final @Nullable SynonymMap synonyms;

        EnglishAnalyzerChain(@Nullable SynonymMap synonyms) {
            this.synonyms = synonyms;
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
            }
            return new TokenStreamComponents(source, stream);
        }
    }
}
