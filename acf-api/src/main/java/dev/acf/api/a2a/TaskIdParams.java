package dev.acf.api.a2a;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parameters that name one task: {@code CancelTask} and {@code SubscribeToTask}. Same
 * shape in both versions, except that v0.3 has no tenant. Immutable and thread-safe.
 *
 * @param id the task
 * @param tenant the tenant (v1.0 only)
 * @param metadata the metadata, possibly empty
 */
public record TaskIdParams(String id, @Nullable String tenant, Map<String, Object> metadata) {
    /** Validates and copies the components. */
    public TaskIdParams {
        Copies.id(id, "id");
        metadata = Copies.json(metadata);
    }

    /** Returns the parameters naming this task. */
    public static TaskIdParams of(String id) {
        return new TaskIdParams(id, null, Map.of());
    }
}
