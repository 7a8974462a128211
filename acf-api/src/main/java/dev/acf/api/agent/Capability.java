package dev.acf.api.agent;

import dev.acf.api.a2a.AgentSkill;
import java.util.List;
import java.util.Objects;

/**
 * One thing an agent can do, as ANS indexes and matches it: the searchable view of an A2A
 * skill (its id, name, description, tags and example prompts). Immutable and thread-safe.
 *
 * @param id the skill id, unique within the agent
 * @param name a short name for people
 * @param description what the skill does, in plain language
 * @param tags keywords
 * @param examples example requests the skill answers
 * @param inputModes accepted media types; empty means the agent's defaults
 * @param outputModes produced media types; empty means the agent's defaults
 */
public record Capability(String id, String name, String description, List<String> tags, List<String> examples,
        List<String> inputModes, List<String> outputModes) {

    /** Requires id, name and description; copies the lists. */
    public Capability {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (id.isBlank()) {
            throw new IllegalArgumentException("capability id must not be blank");
        }
        tags = List.copyOf(tags);
        examples = List.copyOf(examples);
        inputModes = List.copyOf(inputModes);
        outputModes = List.copyOf(outputModes);
    }

    /** Returns the capability an A2A skill declares. */
    public static Capability of(AgentSkill skill) {
        return new Capability(skill.id(), skill.name(), skill.description(), skill.tags(), skill.examples(),
                skill.inputModes(), skill.outputModes());
    }
}
