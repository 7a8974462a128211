package dev.acf.client;

import dev.acf.api.resolve.ResolveFilters;
import dev.acf.api.resolve.ResolveQuery;
import java.util.Objects;

/**
 * How {@link AcfClient#resolve(String, ResolveOptions)} asks an ANS to resolve an intent: how
 * many agents at most, which ones qualify, and the retrieval mode. Immutable.
 *
 * <pre>{@code
 * ResolveOptions options = ResolveOptions.defaults()
 *         .limit(3)
 *         .filters(new ResolveFilters(Set.of(Domain.of("access.ops.example.net")), Set.of("JSONRPC"), Set.of(), null, null, Set.of()));
 * }</pre>
 *
 * @param limit how many agents at most, 1-{@value ResolveQuery#MAX_LIMIT}
 * @param filters restrictions on the agents returned
 * @param mode the retrieval mode
 * @param preferVerified whether agents with a skill ANS verified are boosted (ANS-MON-3)
 */
public record ResolveOptions(int limit, ResolveFilters filters, Mode mode, boolean preferVerified) {
    private static final ResolveOptions DEFAULTS = new ResolveOptions(10, ResolveFilters.none(), Mode.HYBRID);

    /** Which retrieval the ANS uses; anything but {@link #HYBRID} is for diagnostics. */
    public enum Mode {
        /** Lexical and vector retrieval fused: the best answers. */
        HYBRID,
        /** BM25 over the descriptive text only. */
        LEXICAL,
        /** Nearest skill vectors only. */
        VECTOR
    }

    /** Validates the limit. */
    public ResolveOptions {
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(mode, "mode");
        if (limit < 1 || limit > ResolveQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + ResolveQuery.MAX_LIMIT + ", was " + limit);
        }
    }

    /** Creates options that do not boost verified agents. */
    public ResolveOptions(int limit, ResolveFilters filters, Mode mode) {
        this(limit, filters, mode, false);
    }

    /** Returns the defaults: 10 agents, active ones anywhere, hybrid retrieval. */
    public static ResolveOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a copy with another limit. */
    public ResolveOptions limit(int value) {
        return new ResolveOptions(value, filters, mode, preferVerified);
    }

    /** Returns a copy with other filters. */
    public ResolveOptions filters(ResolveFilters value) {
        return new ResolveOptions(limit, value, mode, preferVerified);
    }

    /** Returns a copy with another mode. */
    public ResolveOptions mode(Mode value) {
        return new ResolveOptions(limit, filters, value, preferVerified);
    }

    /** Returns a copy that keeps only agents matching through a skill ANS verified (ANS-MON-3), or not. */
    public ResolveOptions verifiedOnly(boolean value) {
        return new ResolveOptions(limit, filters.withVerifiedOnly(value), mode, preferVerified);
    }

    /** Returns a copy that boosts agents with a verified skill (ANS-MON-3), or not. */
    public ResolveOptions preferVerified(boolean value) {
        return new ResolveOptions(limit, filters, mode, value);
    }
}
