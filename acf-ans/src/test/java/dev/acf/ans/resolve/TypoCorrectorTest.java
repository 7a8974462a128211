package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TypoCorrectorTest {
    private static ByteBuffersDirectory directory;
    private static DirectoryReader reader;

    @BeforeAll
    static void indexACatalogueVocabulary() throws IOException {
        directory = new ByteBuffersDirectory();
        // The descriptive fields hold Porter stems, as the agent index's English analysis gives them.
        var analyzers = new PerFieldAnalyzerWrapper(new StandardAnalyzer(), Map.of(AgentDocuments.ALL, new EnglishAnalyzer()));
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzers))) {
            String text = "broadband path pair slicing pool water pressure station failures cscf want disconnect disconnects works costs gnss";
            Document d = new Document();
            d.add(new TextField(AgentDocuments.WORDS, text, Field.Store.NO));
            d.add(new TextField(AgentDocuments.ALL, text, Field.Store.NO));
            writer.addDocument(d);
        }
        reader = DirectoryReader.open(directory);
    }

    @AfterAll
    static void close() throws IOException {
        reader.close();
        directory.close();
    }

    @Test
    void misspelledWordsBecomeTheNearestCatalogueWord() {
        assertThat(TypoCorrector.correct("brodband keeps dropping", reader)).isEqualTo("broadband keeps dropping");
        assertThat(TypoCorrector.correct("low watter presure near the staton", reader)).isEqualTo("low water pressure near the station");
    }

    @Test
    void englishWordsTheCatalogueLacksAreLeftAsTheyAre() {
        assertThat(TypoCorrector.correct("plan the patch rollout, paid too much", reader)).isEqualTo("plan the patch rollout, paid too much");
        assertThat(TypoCorrector.correct("Poor signal at the swimming pools", reader)).isEqualTo("Poor signal at the swimming pools");
        assertThat(TypoCorrector.correct("planned downtime was optimised", reader)).isEqualTo("planned downtime was optimised");
    }

    @Test
    void contractionsTypedWithoutTheirApostropheAreNotTypos() {
        assertThat(TypoCorrector.correct("the router wont start and I dont know why", reader)).isEqualTo("the router wont start and I dont know why");
    }

    @Test
    void acronymsAndCodesAreNotWords() {
        assertThat(TypoCorrector.correct("CSPF path for the SMETS2 meters", reader)).isEqualTo("CSPF path for the SMETS2 meters");
    }

    @Test
    void wordsWithACapitalInsideNameSomethingAndAreNotCorrected() {
        // "gnbs" is one edit from the catalogue's "gnss"; "gNBs" are 5G base stations.
        assertThat(TypoCorrector.correct("gnbs unlocked", reader)).isEqualTo("gnss unlocked");
        assertThat(TypoCorrector.correct("gNBs unlocked, ePDG down", reader)).isEqualTo("gNBs unlocked, ePDG down");
    }

    @Test
    void anInflectionNoAgentTextUsesIsCorrectedByItsStemWithItsEndingKept() {
        // The catalogue has "disconnect(s)" and "works", never "disconnecting" or "working".
        assertThat(TypoCorrector.correct("line keeps disconecting", reader)).isEqualTo("line keeps disconnecting");
        assertThat(TypoCorrector.correct("data not wokring abroad", reader)).isEqualTo("data not working abroad");
    }

    @Test
    void aWordWithoutAnEndingIsNotCorrectedByItsStem() {
        // "cust" (customer) is one edit from the stem "cost" but two from the word "costs".
        assertThat(TypoCorrector.correct("cust asking for a callback", reader)).isEqualTo("cust asking for a callback");
    }

    @Test
    void englishWordsKnowInflectionsCompoundsAndBritishSpellings() {
        assertThat(EnglishWords.known("swapped")).isTrue();
        assertThat(EnglishWords.known("batteries")).isTrue();
        assertThat(EnglishWords.known("downtime")).isTrue();
        assertThat(EnglishWords.known("analyse")).isTrue();
        assertThat(EnglishWords.known("repeater")).isTrue();
        assertThat(EnglishWords.known("brodband")).isFalse();
        assertThat(EnglishWords.known("watter")).isFalse();
    }
}
