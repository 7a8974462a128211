package dev.acf.ans.http;

import dev.acf.ans.resolve.ResolutionMode;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.Domain;
import dev.acf.api.name.Version;
import dev.acf.api.resolve.ResolveFilters;
import dev.acf.api.resolve.ResolveQuery;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/resolve} (SPEC 3.6):
 * {@code {"query": "...", "limit": 5, "filters": {...}, "mode": "hybrid|lexical|vector"}}. Every
 * field but the query is optional; anything invalid is a 400 naming the field.
 *
 * @param query the intent
 * @param limit how many agents at most (default {@value #DEFAULT_LIMIT})
 * @param filters restrictions on the agents returned
 * @param mode the retrieval mode (default hybrid)
 * @param includePeers whether agents imported from peer domains are included (default: as the ANS's federation settings say)
 * @param preferVerified whether agents with a verified skill are boosted (ANS-MON-3; default false)
 */
record ResolveBody(@Nullable String query, @Nullable Integer limit, @Nullable Filters filters, @Nullable String mode,
        @Nullable Boolean includePeers, @Nullable Boolean preferVerified) {
    static final int DEFAULT_LIMIT = 10;
    /** Statuses that can be asked for: the index holds no other. */
    static final Set<AgentStatus> SEARCHABLE = EnumSet.of(AgentStatus.ACTIVE, AgentStatus.DEPRECATED);

    /**
     * The filters as they travel: names, strings and lists.
     *
     * @param domains domains the agent must lie in
     * @param transports A2A transports one of its endpoints must speak
     * @param capabilities skill ids or tags it must declare (any of them)
     * @param minVersion the lowest version, inclusive
     * @param maxVersion the highest version, exclusive
     * @param statuses {@code ACTIVE} (default) and/or {@code DEPRECATED}
     * @param verifiedOnly only agents matching through a skill ANS verified (ANS-MON-3; default false)
     */
    record Filters(@Nullable List<String> domains, @Nullable List<String> transports, @Nullable List<String> capabilities,
            @Nullable String minVersion, @Nullable String maxVersion, @Nullable List<String> statuses, @Nullable Boolean verifiedOnly) {

        ResolveFilters toFilters() {
            Set<AgentStatus> wanted = set(statuses, "statuses", ResolveBody::status);
            return new ResolveFilters(set(domains, "domains", Domain::of), set(transports, "transports", Function.identity()),
                    set(capabilities, "capabilities", Function.identity()), version(minVersion, "minVersion"),
                    version(maxVersion, "maxVersion"), wanted, Boolean.TRUE.equals(verifiedOnly));
        }
    }

    /** Returns the query this body asks. */
    ResolveQuery toQuery() {
        if (query == null) {
            throw new ValidationException("the request needs a \"query\": the intent in plain language");
        }
        return new ResolveQuery(query, limit == null ? DEFAULT_LIMIT : limit, filters == null ? ResolveFilters.none() : filters.toFilters());
    }

    /** Returns the search options this body asks, over the ANS defaults. */
    SearchOptions options(SearchOptions defaults) {
        SearchOptions base = includePeers == null ? defaults : defaults.withIncludePeers(includePeers);
        if (mode == null) {
            return base;
        }
        try {
            return base.withMode(ResolutionMode.valueOf(mode.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("mode must be hybrid, lexical or vector, was '" + mode + "'");
        }
    }

    private static <T> Set<T> set(@Nullable List<String> values, String field, Function<String, T> parse) {
        if (values == null) {
            return Set.of();
        }
        Set<T> out = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new ValidationException("filters." + field + " must not contain empty values");
            }
            out.add(parse.apply(value.trim()));
        }
        return out;
    }

    private static @Nullable Version version(@Nullable String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Version.parse(text);
        } catch (RuntimeException e) {
            throw new ValidationException("filters." + field + " must be a version such as 1.2.0: " + e.getMessage());
        }
    }

    private static AgentStatus status(String text) {
        AgentStatus status;
        try {
            status = AgentStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("filters.statuses: unknown status '" + text + "', one of " + Arrays.toString(AgentStatus.values()));
        }
        if (!SEARCHABLE.contains(status)) {
            throw new ValidationException("filters.statuses: only ACTIVE and DEPRECATED agents are resolved by intent, not " + status);
        }
        return status;
    }
}
