package dev.acf.cli;

import dev.acf.ans.resolve.ResolutionVocabulary;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The word-list options of semantic resolution, shared by {@code acf ans} and
 * {@code acf eval-resolution}: extended copies of the built-in telecom synonyms and
 * Chinese-English glossary, measured with the one and served by the other.
 *
 * <pre>
 * acf eval-resolution --agents agents.json --queries queries.jsonl --glossary my-glossary.tsv
 * acf ans --domain ops.example.net --data ans-data --glossary my-glossary.tsv
 * </pre>
 */
final class VocabularyOptions {
    @Option(names = "--synonyms", paramLabel = "FILE",
            description = "telecom synonyms of semantic resolution (Solr format) instead of the built-in list; extend a copy of telecom-synonyms.txt")
    @Nullable Path synonyms;

    @Option(names = "--glossary", paramLabel = "FILE",
            description = "Chinese-English glossary of semantic resolution instead of the built-in one; extend a copy of telecom-glossary-zh-en.tsv")
    @Nullable Path glossary;

    /**
     * Returns the lists given, the built-in ones for the others.
     *
     * @throws dev.acf.api.error.ConfigurationException when a file cannot be read
     */
    ResolutionVocabulary vocabulary() {
        ResolutionVocabulary vocabulary = ResolutionVocabulary.BUILT_IN;
        if (synonyms != null) {
            vocabulary = vocabulary.withSynonyms(synonyms);
        }
        if (glossary != null) {
            vocabulary = vocabulary.withGlossary(glossary);
        }
        return vocabulary;
    }
}
