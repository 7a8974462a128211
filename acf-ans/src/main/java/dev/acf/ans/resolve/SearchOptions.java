package dev.acf.ans.resolve;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link LuceneAgentIndex#search(dev.acf.api.resolve.ResolveQuery, SearchOptions)} ranks:
 * the retrieval mode, the fusion of a hybrid search, and whether an intent with several needs
 * is split into clauses so the answer covers each need (ANS-RES-3). Immutable.
 *
 * <pre>{@code
 * index.search(ResolveQuery.of("slow broadband", 5), SearchOptions.defaults().withMode(ResolutionMode.LEXICAL));
 * }</pre>
 *
 * @param mode lexical, vector or hybrid retrieval
 * @param fusion how a hybrid search fuses its two rankings
 * @param lexicalWeight the weight of the lexical score in a {@link Fusion#LINEAR} blend, 0-1
 * @param splitIntents whether to run one sub-query per clause of a multi-need intent
 * @param includePeers whether agents imported from peer domains are included (ANS-SYNC-3); {@code null}: as the federation settings say
 */
public record SearchOptions(ResolutionMode mode, Fusion fusion, double lexicalWeight, boolean splitIntents,
        @Nullable Boolean includePeers) {
    private static final SearchOptions DEFAULTS = new SearchOptions(ResolutionMode.HYBRID, Fusion.LINEAR, 0.5, true);

    /** Validates the weight. */
    public SearchOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(fusion, "fusion");
        if (!(lexicalWeight >= 0 && lexicalWeight <= 1)) {
            throw new IllegalArgumentException("lexicalWeight must be 0-1, was " + lexicalWeight);
        }
    }

    /** Creates options that leave peer domains to the federation settings. */
    public SearchOptions(ResolutionMode mode, Fusion fusion, double lexicalWeight, boolean splitIntents) {
        this(mode, fusion, lexicalWeight, splitIntents, null);
    }

    /** Returns the defaults: hybrid, the better fusion on the labelled set, intents split. */
    public static SearchOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a copy with another mode. */
    public SearchOptions withMode(ResolutionMode value) {
        return new SearchOptions(value, fusion, lexicalWeight, splitIntents, includePeers);
    }

    /** Returns a copy with another fusion. */
    public SearchOptions withFusion(Fusion value) {
        return new SearchOptions(mode, value, lexicalWeight, splitIntents, includePeers);
    }

    /** Returns a copy with another lexical weight. */
    public SearchOptions withLexicalWeight(double value) {
        return new SearchOptions(mode, fusion, value, splitIntents, includePeers);
    }

    /** Returns a copy that splits (or not) multi-need intents. */
    public SearchOptions withSplitIntents(boolean value) {
        return new SearchOptions(mode, fusion, lexicalWeight, value, includePeers);
    }

    /** Returns a copy that includes (or leaves out) agents imported from peer domains. */
    public SearchOptions withIncludePeers(boolean value) {
        return new SearchOptions(mode, fusion, lexicalWeight, splitIntents, value);
    }
}
