package dev.acf.api.a2a;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The optional features an agent declares. Immutable and thread-safe.
 *
 * <p>v0.3 declares the extended card with the card-level
 * {@code supportsAuthenticatedExtendedCard}; it maps to {@link #extendedAgentCard()}. v0.3's
 * {@code stateTransitionHistory} has no v1.0 counterpart and is dropped.
 *
 * @param streaming whether the agent streams ({@code null}: not said)
 * @param pushNotifications whether the agent sends push notifications ({@code null}: not said)
 * @param extensions the protocol extensions the agent supports
 * @param extendedAgentCard whether authenticated clients may read an extended card
 */
public record AgentCapabilities(
        @Nullable Boolean streaming,
        @Nullable Boolean pushNotifications,
        List<AgentExtension> extensions,
        @Nullable Boolean extendedAgentCard) {

    /** Validates and copies the components. */
    public AgentCapabilities {
        extensions = Copies.list(extensions, "extensions");
    }

    /** Returns capabilities that declare nothing. */
    public static AgentCapabilities none() {
        return new AgentCapabilities(null, null, List.of(), null);
    }
}
