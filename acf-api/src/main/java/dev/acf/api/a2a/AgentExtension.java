package dev.acf.api.a2a;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A protocol extension an agent supports. Immutable and thread-safe.
 *
 * @param uri the URI that identifies the extension
 * @param description how the agent uses it
 * @param required whether clients must understand it
 * @param params the extension's configuration, possibly empty
 */
public record AgentExtension(String uri, @Nullable String description, boolean required, Map<String, Object> params) {
    /** Validates and copies the components. */
    public AgentExtension {
        Copies.id(uri, "uri");
        params = Copies.json(params);
    }
}
