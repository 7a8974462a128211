package dev.acf.api.a2a;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One way to satisfy an agent's security: every named scheme with its scopes (an OpenAPI
 * security requirement object). Immutable and thread-safe.
 *
 * <p>v1.0 writes {@code {"schemes": {"oauth": {"list": ["read"]}}}}; v0.3 writes
 * {@code {"oauth": ["read"]}}.
 *
 * @param schemes the scheme names, each with the scopes it needs (possibly none)
 */
public record SecurityRequirement(Map<String, List<String>> schemes) {
    /** Validates and copies the components. */
    public SecurityRequirement {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(schemes, "schemes").forEach((name, scopes) ->
                copy.put(Objects.requireNonNull(name, "scheme name"), Copies.list(scopes, "schemes." + name)));
        schemes = Collections.unmodifiableMap(copy);
    }

    /** Returns a requirement of one scheme with these scopes. */
    public static SecurityRequirement of(String scheme, String... scopes) {
        return new SecurityRequirement(Map.of(scheme, List.of(scopes)));
    }
}
