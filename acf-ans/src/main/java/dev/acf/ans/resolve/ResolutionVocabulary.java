package dev.acf.ans.resolve;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.acf.api.error.ConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * The word lists of semantic resolution an operator may replace: the telecom synonyms (Solr
 * format, indexed as concepts) and the Chinese-English glossary (a Chinese term, a tab, English
 * renderings separated by {@code ;}). A {@code null} file means the built-in list; start from a
 * copy of it ({@code telecom-synonyms.txt}, {@code telecom-glossary-zh-en.tsv} in the acf-ans
 * jar) to extend it. An index built with other lists is emptied on open and rebuilt from the
 * registry store.
 *
 * @param synonyms the synonyms file, or {@code null} for the built-in one
 * @param glossary the glossary file, or {@code null} for the built-in one
 */
public record ResolutionVocabulary(@Nullable Path synonyms, @Nullable Path glossary) {
    /** The built-in lists. */
    public static final ResolutionVocabulary BUILT_IN = new ResolutionVocabulary(null, null);

    /**
     * Checks that the files given exist and can be read.
     *
     * @throws ConfigurationException naming the file that cannot be read
     */
    public ResolutionVocabulary {
        check(synonyms, "synonyms");
        check(glossary, "glossary");
    }

    /** Returns these lists with the synonyms of this file. */
    public ResolutionVocabulary withSynonyms(Path file) {
        return new ResolutionVocabulary(file, glossary);
    }

    /** Returns these lists with the glossary of this file. */
    public ResolutionVocabulary withGlossary(Path file) {
        return new ResolutionVocabulary(synonyms, file);
    }

    /** Sets the non-default lists on an index builder; returns it. */
    public LuceneAgentIndex.Builder applyTo(LuceneAgentIndex.Builder builder) {
        if (synonyms != null) {
            builder.synonyms(synonyms);
        }
        if (glossary != null) {
            builder.glossary(glossary);
        }
        return builder;
    }

    private static void check(@Nullable Path file, String what) {
        if (file != null && !Files.isReadable(file)) {
            throw new ConfigurationException("the " + what + " file " + file + " cannot be read");
        }
    }
}
