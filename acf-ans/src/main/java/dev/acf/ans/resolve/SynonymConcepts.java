package dev.acf.ans.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telecom synonyms as concepts: each synonym line is one concept with a token of its own
 * ({@code syn_<line>}), which the index adds beside every phrase of the line's right-hand side
 * and a query beside every phrase of its left-hand side ("a, b, c" is both sides). A query for
 * "fiber" then asks for {@code fiber} and the one concept token instead of every spelling of
 * every phrase of the group, so it stays a handful of terms that Lucene can prune over, and
 * matches the same documents ({@code a => b, c}: a query for a finds documents with b or c, a
 * query for b does not find a). Immutable.
 *
 * <p>The index depends on the synonyms now: {@link #fingerprint()} changes with them, and an
 * index built with other synonyms is rebuilt.
 */
final class SynonymConcepts {
    private static final Logger LOG = LoggerFactory.getLogger(SynonymConcepts.class);
    /** Concept tokens start with this: no English word analyses to it. */
    static final String PREFIX = "syn_";

    private final SynonymMap indexSide;
    private final SynonymMap querySide;
    private final String fingerprint;
    private final java.util.Set<String> selfCovering;

    private SynonymConcepts(SynonymMap indexSide, SynonymMap querySide, String fingerprint, java.util.Set<String> selfCovering) {
        this.indexSide = indexSide;
        this.querySide = querySide;
        this.fingerprint = fingerprint;
        this.selfCovering = java.util.Set.copyOf(selfCovering);
    }

    /**
     * Parses Solr-format lines ("a, b, c" or "a => b, c"; no comments or blanks), each phrase
     * analysed by {@code analyzer} as the indexed text is; phrases that analyse to nothing
     * (only stop words) are skipped with a warning.
     */
    static SynonymConcepts parse(List<String> lines, Analyzer analyzer, String source) throws IOException {
        ConceptMap index = new ConceptMap(analyzer);
        ConceptMap query = new ConceptMap(analyzer);
        MessageDigest digest = sha256();
        java.util.Set<String> selfCovering = new java.util.HashSet<>();
        for (int line = 0; line < lines.size(); line++) {
            String text = lines.get(line);
            digest.update((text + "\n").getBytes(StandardCharsets.UTF_8));
            int arrow = text.indexOf("=>");
            List<String> left = phrases(arrow < 0 ? text : text.substring(0, arrow));
            List<String> right = arrow < 0 ? left : phrases(text.substring(arrow + 2));
            CharsRef concept = new CharsRef(PREFIX + line);
            if (right.containsAll(left)) {
                selfCovering.add(concept.toString());
            }
            right.forEach(p -> index.add(p, concept, source));
            left.forEach(p -> query.add(p, concept, source));
        }
        return new SynonymConcepts(index.build(), query.build(), HexFormat.of().formatHex(digest.digest(), 0, 8), selfCovering);
    }

    /** The map of the index: each right-hand phrase to its concepts. */
    SynonymMap indexSide() {
        return indexSide;
    }

    /** The map of queries: each left-hand phrase to its concepts. */
    SynonymMap querySide() {
        return querySide;
    }

    /**
     * Returns true when every document with a phrase that asks for this concept has the
     * concept too (the phrase is on both sides of its line), so the concept alone finds them.
     */
    boolean coversItsQueries(String concept) {
        return selfCovering.contains(concept);
    }

    /** Returns a short hash of the synonym lines, recorded with the index. */
    String fingerprint() {
        return fingerprint;
    }

    private static List<String> phrases(String side) {
        List<String> out = new ArrayList<>();
        for (String p : side.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A synonym map from analysed phrases to concept tokens, keeping the phrase's own words. */
    private static final class ConceptMap extends SynonymMap.Parser {
        ConceptMap(Analyzer analyzer) {
            super(true, analyzer);
        }

        void add(String phrase, CharsRef concept, String source) {
            CharsRef analysed;
            try {
                analysed = analyze(phrase, new CharsRefBuilder());
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Skipping synonym '{}' of {}: {}", phrase, source, e.getMessage());
                return;
            }
            add(analysed, concept, true);
        }

        @Override
        public void parse(java.io.Reader in) {
            throw new UnsupportedOperationException("lines are added one by one");
        }
    }
}
