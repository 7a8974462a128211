package dev.acf.api.a2a;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The unit of work of A2A: a status, the artifacts produced so far and the history of
 * messages. Immutable and thread-safe.
 *
 * @param id the identifier the agent gave the task
 * @param contextId the conversation the task belongs to (required in v0.3, optional in v1.0)
 * @param status the current status
 * @param artifacts the outputs so far
 * @param history the messages exchanged, oldest first
 * @param metadata the metadata, possibly empty
 */
public record Task(
        String id,
        @Nullable String contextId,
        TaskStatus status,
        List<Artifact> artifacts,
        List<Message> history,
        Map<String, Object> metadata) implements SendMessageResult {

    /** Validates and copies the components. */
    public Task {
        Copies.id(id, "id");
        Objects.requireNonNull(status, "status");
        artifacts = Copies.list(artifacts, "artifacts");
        history = Copies.list(history, "history");
        metadata = Copies.json(metadata);
    }

    /** Returns a builder for a task with this identifier and status. */
    public static Builder builder(String id, TaskStatus status) {
        return new Builder(id, status);
    }

    /** Builds a {@link Task}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final TaskStatus status;
        private @Nullable String contextId;
        private List<Artifact> artifacts = List.of();
        private List<Message> history = List.of();
        private Map<String, Object> metadata = Map.of();

        private Builder(String id, TaskStatus status) {
            this.id = id;
            this.status = status;
        }

        /** Sets the conversation. */
        public Builder contextId(@Nullable String value) {
            this.contextId = value;
            return this;
        }

        /** Sets the artifacts. */
        public Builder artifacts(List<Artifact> value) {
            this.artifacts = value;
            return this;
        }

        /** Sets the history. */
        public Builder history(List<Message> value) {
            this.history = value;
            return this;
        }

        /** Sets the metadata. */
        public Builder metadata(Map<String, Object> value) {
            this.metadata = value;
            return this;
        }

        /** Builds the task; fails like the record's constructor. */
        public Task build() {
            return new Task(id, contextId, status, artifacts, history, metadata);
        }
    }
}
