package dev.acf.api.resolve;

import dev.acf.api.error.ValidationException;
import java.util.Objects;

/**
 * A semantic resolution request (ANS-RES-2): a plain-language intent such as "Poor mobile
 * signal and unstable broadband at home", how many agents to return, and filters.
 *
 * @param text the intent; not blank, at most {@value #MAX_TEXT_LENGTH} characters
 * @param limit how many results at most, 1-{@value #MAX_LIMIT}
 * @param filters restrictions on the agents returned
 */
public record ResolveQuery(String text, int limit, ResolveFilters filters) {
    /** The longest intent accepted. */
    public static final int MAX_TEXT_LENGTH = 4096;
    /** The most results one query may ask for. */
    public static final int MAX_LIMIT = 100;

    /** Validates the text and the limit. */
    public ResolveQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(filters, "filters");
        if (text.isBlank()) {
            throw new ValidationException("query text must not be blank");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new ValidationException("query text has " + text.length() + " characters, at most " + MAX_TEXT_LENGTH + " are allowed");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit must be 1-" + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Returns a query with default filters. */
    public static ResolveQuery of(String text, int limit) {
        return new ResolveQuery(text, limit, ResolveFilters.none());
    }
}
