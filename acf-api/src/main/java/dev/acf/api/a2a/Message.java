package dev.acf.api.a2a;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One turn of communication between a client and an agent. Immutable and thread-safe.
 *
 * @param messageId the identifier the sender gave the message
 * @param contextId the conversation the message belongs to, if any
 * @param taskId the task the message belongs to, if any
 * @param role who sent it
 * @param parts the content
 * @param metadata the metadata, possibly empty
 * @param extensions the URIs of the extensions that contributed to the message
 * @param referenceTaskIds tasks the message refers to for context
 */
public record Message(
        String messageId,
        @Nullable String contextId,
        @Nullable String taskId,
        Role role,
        List<Part> parts,
        Map<String, Object> metadata,
        List<String> extensions,
        List<String> referenceTaskIds) implements SendMessageResult {

    /** Validates and copies the components. */
    public Message {
        Copies.id(messageId, "messageId");
        Objects.requireNonNull(role, "role");
        parts = Copies.list(parts, "parts");
        metadata = Copies.json(metadata);
        extensions = Copies.list(extensions, "extensions");
        referenceTaskIds = Copies.list(referenceTaskIds, "referenceTaskIds");
    }

    /** Returns a builder for a message with this identifier and role. */
    public static Builder builder(String messageId, Role role) {
        return new Builder(messageId, role);
    }

    /** Builds a {@link Message}; not thread-safe. */
    public static final class Builder {
        private final String messageId;
        private final Role role;
        private @Nullable String contextId;
        private @Nullable String taskId;
        private List<Part> parts = List.of();
        private Map<String, Object> metadata = Map.of();
        private List<String> extensions = List.of();
        private List<String> referenceTaskIds = List.of();

        private Builder(String messageId, Role role) {
            this.messageId = messageId;
            this.role = role;
        }

        /** Sets the conversation. */
        public Builder contextId(@Nullable String value) {
            this.contextId = value;
            return this;
        }

        /** Sets the task. */
        public Builder taskId(@Nullable String value) {
            this.taskId = value;
            return this;
        }

        /** Sets the content. */
        public Builder parts(List<Part> value) {
            this.parts = value;
            return this;
        }

        /** Sets the content. */
        public Builder parts(Part... value) {
            this.parts = List.of(value);
            return this;
        }

        /** Sets the metadata. */
        public Builder metadata(Map<String, Object> value) {
            this.metadata = value;
            return this;
        }

        /** Sets the extension URIs. */
        public Builder extensions(List<String> value) {
            this.extensions = value;
            return this;
        }

        /** Sets the referenced tasks. */
        public Builder referenceTaskIds(List<String> value) {
            this.referenceTaskIds = value;
            return this;
        }

        /** Builds the message; fails like the record's constructor. */
        public Message build() {
            return new Message(messageId, contextId, taskId, role, parts, metadata, extensions, referenceTaskIds);
        }
    }
}
