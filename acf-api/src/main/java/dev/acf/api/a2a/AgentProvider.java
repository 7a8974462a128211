package dev.acf.api.a2a;

import java.util.Objects;

/**
 * The organization that runs an agent. Immutable and thread-safe.
 *
 * @param organization the organization's name
 * @param url the organization's website
 */
public record AgentProvider(String organization, String url) {
    /** Validates the components are present. */
    public AgentProvider {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(url, "url");
    }
}
