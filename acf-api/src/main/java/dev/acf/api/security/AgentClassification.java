package dev.acf.api.security;

import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The classification of an agent's data and of its skills (ANS-SEC-3): a caller whose clearance
 * does not permit it may not call the agent (or that skill). Declared in the Agent Card the agent
 * registers, as the extension {@value #EXTENSION_URI} of its capabilities:
 *
 * <pre>{@code
 * "capabilities": {"extensions": [{"uri": "https://acf.dev/extensions/classification/v1",
 *     "params": {"level": "CONFIDENTIAL", "skills": {"export-subscribers": "SECRET"}}}]}
 * }</pre>
 *
 * An agent that declares nothing is {@link ClassificationLevel#PUBLIC}: anyone authorised may
 * call it, and what its answers carry is still redacted for the caller's clearance. Immutable.
 *
 * <pre>{@code
 * AgentCard card = AgentClassification.of(ClassificationLevel.CONFIDENTIAL)
 *         .withSkill("export-subscribers", ClassificationLevel.SECRET)
 *         .applyTo(card);
 * ClassificationLevel needed = AgentClassification.of(card).forSkill("export-subscribers");   // SECRET
 * }</pre>
 *
 * @param level the classification of the agent as a whole
 * @param skills the classification of single skills by skill id, where it differs
 */
public record AgentClassification(ClassificationLevel level, Map<String, ClassificationLevel> skills) {
    /** The URI of the Agent Card extension that carries the classification. */
    public static final String EXTENSION_URI = "https://acf.dev/extensions/classification/v1";

    /** Copies the skills. */
    public AgentClassification {
        Objects.requireNonNull(level, "level");
        skills = Map.copyOf(skills);
    }

    /** Returns the classification of an agent with no skill classified apart. */
    public static AgentClassification of(ClassificationLevel level) {
        return new AgentClassification(level, Map.of());
    }

    /**
     * Returns the classification an Agent Card declares: {@link ClassificationLevel#PUBLIC} when it
     * declares none. A level that is not one of {@link ClassificationLevel}'s names (any case) is
     * read as {@link ClassificationLevel#SECRET}: a typo must not open an agent up.
     */
    public static AgentClassification of(AgentCard card) {
        for (AgentExtension extension : card.capabilities().extensions()) {
            if (extension.uri().equals(EXTENSION_URI)) {
                ClassificationLevel level = parse(extension.params().get("level"));
                Map<String, ClassificationLevel> skills = new LinkedHashMap<>();
                if (extension.params().get("skills") instanceof Map<?, ?> bySkill) {
                    bySkill.forEach((id, value) -> skills.put(String.valueOf(id), parse(value)));
                }
                return new AgentClassification(level, skills);
            }
        }
        return of(ClassificationLevel.PUBLIC);
    }

    /** Returns the level needed to call this skill: its own, else the agent's. */
    public ClassificationLevel forSkill(String skillId) {
        return skills.getOrDefault(skillId, level);
    }

    /** Returns a copy where one skill has its own level. */
    public AgentClassification withSkill(String skillId, ClassificationLevel skillLevel) {
        Map<String, ClassificationLevel> copy = new LinkedHashMap<>(skills);
        copy.put(Objects.requireNonNull(skillId, "skillId"), Objects.requireNonNull(skillLevel, "skillLevel"));
        return new AgentClassification(level, copy);
    }

    /** Returns the Agent Card extension that declares this classification. */
    public AgentExtension toExtension() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("level", level.name());
        if (!skills.isEmpty()) {
            Map<String, Object> bySkill = new LinkedHashMap<>();
            skills.forEach((id, l) -> bySkill.put(id, l.name()));
            params.put("skills", bySkill);
        }
        return new AgentExtension(EXTENSION_URI, "data classification of the agent and its skills (ANS-SEC-3)", false, params);
    }

    /**
     * Returns a copy of the card that declares this classification, replacing any it declared
     * (a signed card must be signed again).
     */
    public AgentCard applyTo(AgentCard card) {
        AgentCapabilities c = card.capabilities();
        List<AgentExtension> extensions = new ArrayList<>();
        for (AgentExtension e : c.extensions()) {
            if (!e.uri().equals(EXTENSION_URI)) {
                extensions.add(e);
            }
        }
        extensions.add(toExtension());
        AgentCapabilities changed = new AgentCapabilities(c.streaming(), c.pushNotifications(), extensions, c.extendedAgentCard());
        return new AgentCard(card.name(), card.description(), card.supportedInterfaces(), card.provider(), card.version(),
                card.documentationUrl(), changed, card.securitySchemes(), card.securityRequirements(), card.defaultInputModes(),
                card.defaultOutputModes(), card.skills(), card.signatures(), card.iconUrl());
    }

    private static ClassificationLevel parse(Object value) {
        if (value == null) {
            return ClassificationLevel.PUBLIC;
        }
        try {
            return ClassificationLevel.valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ClassificationLevel.SECRET;
        }
    }
}
