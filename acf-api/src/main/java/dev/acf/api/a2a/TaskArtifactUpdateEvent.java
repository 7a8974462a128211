package dev.acf.api.a2a;

import java.util.Map;
import java.util.Objects;

/**
 * A streamed artifact, or a chunk of one. Immutable and thread-safe.
 *
 * @param taskId the task
 * @param contextId the task's conversation
 * @param artifact the artifact or chunk
 * @param append whether the parts extend the artifact with the same identifier sent before
 * @param lastChunk whether this is the artifact's last chunk
 * @param metadata the metadata, possibly empty
 */
public record TaskArtifactUpdateEvent(
        String taskId,
        String contextId,
        Artifact artifact,
        boolean append,
        boolean lastChunk,
        Map<String, Object> metadata) implements StreamEvent {

    /** Validates and copies the components. */
    public TaskArtifactUpdateEvent {
        Copies.id(taskId, "taskId");
        Objects.requireNonNull(contextId, "contextId");
        Objects.requireNonNull(artifact, "artifact");
        metadata = Copies.json(metadata);
    }
}
