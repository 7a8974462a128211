package dev.acf.demo.agent;

import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentProvider;
import dev.acf.api.a2a.AgentSkill;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One agent of a scenario: its id, the content of its A2A Agent Card and its behaviour.
 * Immutable; the behaviour is shared, not copied.
 *
 * <p>The id is a DNS label: the wiring gives the agent the ANS host name
 * {@code <id>.<zone>.<domain>} (see {@link Scenario#zone()}), so
 * {@code root-cause} of the fault scenario becomes, for instance,
 * {@code ans://v1.0.0.root-cause.repair.broadband.example.net}.
 *
 * <pre>{@code
 * AgentCard card = definition.card(new AgentInterface("https://127.0.0.1:8443/a2a/root-cause",
 *         AgentInterface.JSONRPC, null, "1.0"));
 * }</pre>
 *
 * @param id the agent's id, a lower-case DNS label, unique within its scenario
 * @param name the card's name, for people
 * @param description the card's description: what the agent does and for whom
 * @param skills the card's skills, at least one
 * @param behavior what the agent does with a request
 */
public record AgentDefinition(String id, String name, String description, List<AgentSkill> skills, AgentBehavior behavior) {
    /** The version every demo agent registers with. */
    public static final String VERSION = "1.0.0";
    /** The organization named in every demo card. */
    public static final AgentProvider PROVIDER = new AgentProvider("Example Broadband Operations", "https://broadband.example.net");

    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]{0,61}[a-z0-9]");

    /** Validates and copies the components. */
    public AgentDefinition {
        Objects.requireNonNull(id, "id");
        if (!LABEL.matcher(id).matches()) {
            throw new IllegalArgumentException("agent id must be a lower-case DNS label, was '" + id + "'");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        skills = List.copyOf(skills);
        if (skills.isEmpty()) {
            throw new IllegalArgumentException("agent " + id + " needs at least one skill");
        }
        Objects.requireNonNull(behavior, "behavior");
    }

    /** Returns the A2A card of this agent served at {@code endpoint}; it speaks JSON and text. */
    public AgentCard card(AgentInterface endpoint) {
        return AgentCard.builder(name, description, VERSION)
                .supportedInterfaces(endpoint)
                .provider(PROVIDER)
                .defaultInputModes(List.of("application/json", "text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(skills)
                .build();
    }

    /** Returns a skill for a card, with JSON in and out. */
    public static AgentSkill skill(String id, String name, String description, List<String> tags, List<String> examples) {
        return AgentSkill.builder(id, name, description).tags(tags).examples(examples)
                .inputModes(List.of("application/json")).outputModes(List.of("application/json")).build();
    }

    /** Returns all the searchable text of the card: name, description and every skill's texts. */
    public String searchText() {
        StringBuilder text = new StringBuilder(name).append('\n').append(description);
        for (AgentSkill skill : skills) {
            text.append('\n').append(skill.name()).append('\n').append(skill.description());
            skill.tags().forEach(tag -> text.append('\n').append(tag));
            skill.examples().forEach(example -> text.append('\n').append(example));
        }
        return text.toString();
    }
}
