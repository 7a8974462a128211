package dev.acf.api.a2a;

import java.util.List;
import java.util.Objects;

/**
 * Something an agent is good at, described for discovery. Immutable and thread-safe.
 *
 * <p>v0.3 calls {@link #securityRequirements()} {@code security}.
 *
 * @param id the skill's identifier
 * @param name a name for people
 * @param description what the skill does
 * @param tags keywords
 * @param examples example prompts
 * @param inputModes the media types the skill accepts, overriding the card's defaults
 * @param outputModes the media types the skill produces, overriding the card's defaults
 * @param securityRequirements the security the skill needs
 */
public record AgentSkill(
        String id,
        String name,
        String description,
        List<String> tags,
        List<String> examples,
        List<String> inputModes,
        List<String> outputModes,
        List<SecurityRequirement> securityRequirements) {

    /** Validates and copies the components. */
    public AgentSkill {
        Copies.id(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        tags = Copies.list(tags, "tags");
        examples = Copies.list(examples, "examples");
        inputModes = Copies.list(inputModes, "inputModes");
        outputModes = Copies.list(outputModes, "outputModes");
        securityRequirements = Copies.list(securityRequirements, "securityRequirements");
    }

    /** Returns a builder for a skill with these required fields. */
    public static Builder builder(String id, String name, String description) {
        return new Builder(id, name, description);
    }

    /** Builds an {@link AgentSkill}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String name;
        private final String description;
        private List<String> tags = List.of();
        private List<String> examples = List.of();
        private List<String> inputModes = List.of();
        private List<String> outputModes = List.of();
        private List<SecurityRequirement> securityRequirements = List.of();

        private Builder(String id, String name, String description) {
            this.id = id;
            this.name = name;
            this.description = description;
        }

        /** Sets the keywords. */
        public Builder tags(List<String> value) {
            this.tags = value;
            return this;
        }

        /** Sets the example prompts. */
        public Builder examples(List<String> value) {
            this.examples = value;
            return this;
        }

        /** Sets the accepted media types. */
        public Builder inputModes(List<String> value) {
            this.inputModes = value;
            return this;
        }

        /** Sets the produced media types. */
        public Builder outputModes(List<String> value) {
            this.outputModes = value;
            return this;
        }

        /** Sets the security requirements. */
        public Builder securityRequirements(List<SecurityRequirement> value) {
            this.securityRequirements = value;
            return this;
        }

        /** Builds the skill; fails like the record's constructor. */
        public AgentSkill build() {
            return new AgentSkill(id, name, description, tags, examples, inputModes, outputModes, securityRequirements);
        }
    }
}
