package dev.acf.api.a2a;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of {@code GetTask} (v1.0's {@code GetTaskRequest}). Same shape in both
 * versions, except that v0.3 has no tenant. Immutable and thread-safe.
 *
 * @param id the task
 * @param historyLength how many recent history messages to return; {@code null} for no limit
 * @param tenant the tenant (v1.0 only)
 * @param metadata the metadata (v0.3 only), possibly empty
 */
public record TaskQueryParams(
        String id, @Nullable Integer historyLength, @Nullable String tenant, Map<String, Object> metadata) {

    /** Validates and copies the components. */
    public TaskQueryParams {
        Copies.id(id, "id");
        if (historyLength != null && historyLength < 0) {
            throw new IllegalArgumentException("historyLength must not be negative, was " + historyLength);
        }
        metadata = Copies.json(metadata);
    }

    /** Returns the parameters that read a task with its whole history. */
    public static TaskQueryParams of(String id) {
        return new TaskQueryParams(id, null, null, Map.of());
    }
}
