package dev.acf.api.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentExtension;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.a2a.Part;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the skill test cases an agent declares (ANS-MON-3). They travel in the
 * agent's own Agent Card, as an A2A extension of its capabilities, so registration, update,
 * storage and cross-domain sync carry them unchanged:
 *
 * <pre>{@code
 * "capabilities": {"extensions": [{"uri": "https://acf.dev/extensions/skill-tests/v1", "params": {"testCases": [
 *   {"id": "dbm-1", "skill": "signal-convert", "input": [{"text": "convert 2 mW to dBm"}],
 *    "expect": [{"contains": "3.01 dBm"}], "readOnly": true}]}}]}
 * }</pre>
 *
 * A card with malformed test cases is refused at registration and update with a 400 naming
 * the test case and the field. Stateless.
 */
public final class SkillTests {
    /** The URI of the extension that carries the test cases. */
    public static final String EXTENSION_URI = "https://acf.dev/extensions/skill-tests/v1";
    /** The most test cases one card may declare. */
    public static final int MAX_TEST_CASES = 64;

    private SkillTests() {}

    /**
     * Returns the test cases a card declares, validated against its skills; empty without the extension.
     *
     * @throws ValidationException naming the test case and what is wrong with it
     */
    public static List<SkillTestCase> of(AgentCard card) {
        AgentExtension extension = null;
        for (AgentExtension e : card.capabilities().extensions()) {
            if (EXTENSION_URI.equals(e.uri())) {
                extension = e;
            }
        }
        if (extension == null) {
            return List.of();
        }
        JsonNode cases = AcfJson.mapper().valueToTree(extension.params()).path("testCases");
        if (!cases.isArray()) {
            throw new ValidationException("the skill-tests extension needs \"params\": {\"testCases\": [...]}");
        }
        if (cases.size() > MAX_TEST_CASES) {
            throw new ValidationException("at most " + MAX_TEST_CASES + " skill test cases may be declared, got " + cases.size());
        }
        Set<String> skills = new HashSet<>();
        card.skills().stream().map(AgentSkill::id).forEach(skills::add);
        Set<String> ids = new HashSet<>();
        List<SkillTestCase> out = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            SkillTestCase test = read(cases.get(i), i);
            if (!skills.contains(test.skill())) {
                throw new ValidationException("skill test case " + test.id() + " tests skill '" + test.skill() + "', which the card does not declare");
            }
            if (!ids.add(test.id())) {
                throw new ValidationException("skill test case id " + test.id() + " is declared twice");
            }
            out.add(test);
        }
        return List.copyOf(out);
    }

    /** Returns the card extension that declares these test cases (A2A 1.0 part shapes). */
    public static AgentExtension extension(List<SkillTestCase> tests) {
        ArrayNode cases = AcfJson.mapper().createArrayNode();
        for (SkillTestCase t : tests) {
            ObjectNode node = cases.addObject();
            node.put("id", t.id());
            node.put("skill", t.skill());
            ArrayNode input = node.putArray("input");
            t.input().forEach(p -> input.add(A2aJson.toTree(p, A2aVersion.V1_0)));
            node.set("expect", AcfJson.mapper().valueToTree(t.expect()));
            node.put("readOnly", t.readOnly());
            node.put("dryRun", t.dryRun());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = AcfJson.mapper().convertValue(Map.of("testCases", cases), Map.class);
        return new AgentExtension(EXTENSION_URI, "Skill test cases for capability verification (ANS-MON-3)", false, params);
    }

    /** Returns a copy of the card declaring these test cases (replacing any it declared). */
    public static AgentCard declare(AgentCard card, List<SkillTestCase> tests) {
        List<AgentExtension> extensions = new ArrayList<>(card.capabilities().extensions());
        extensions.removeIf(e -> EXTENSION_URI.equals(e.uri()));
        extensions.add(extension(tests));
        AgentCapabilities c = card.capabilities();
        AgentCard declared = new AgentCard(card.name(), card.description(), card.supportedInterfaces(), card.provider(), card.version(),
                card.documentationUrl(), new AgentCapabilities(c.streaming(), c.pushNotifications(), extensions, c.extendedAgentCard()),
                card.securitySchemes(), card.securityRequirements(), card.defaultInputModes(), card.defaultOutputModes(), card.skills(),
                card.signatures(), card.iconUrl());
        of(declared);
        return declared;
    }

    private static SkillTestCase read(JsonNode node, int index) {
        String where = "skill test case " + (node.path("id").isTextual() ? node.path("id").asText() : "#" + (index + 1));
        if (!node.isObject()) {
            throw new ValidationException(where + " must be a JSON object");
        }
        JsonNode input = node.path("input");
        if (!input.isArray()) {
            throw new ValidationException(where + " needs \"input\": an array of A2A message parts");
        }
        List<Part> parts = new ArrayList<>();
        for (JsonNode p : input) {
            try {
                parts.add(A2aJson.convert(p, Part.class));
            } catch (AcfException | IllegalArgumentException e) {
                throw new ValidationException(where + " has an invalid input part: " + e.getMessage());
            }
        }
        JsonNode expect = node.path("expect");
        if (!expect.isArray()) {
            throw new ValidationException(where + " needs \"expect\": an array of predicates");
        }
        List<Expectation> predicates = new ArrayList<>();
        for (JsonNode e : expect) {
            if (!e.isObject()) {
                throw new ValidationException(where + ": every \"expect\" entry is an object such as {\"contains\": \"...\"}");
            }
            try {
                predicates.add(new Expectation(text(e, "contains", where), text(e, "regex", where), text(e, "jsonPath", where),
                        e.get("equals"), e.has("exists") ? flag(e, "exists", where) : null, e.get("schema")));
            } catch (ValidationException bad) {
                throw new ValidationException(where + ": " + bad.getMessage());
            }
        }
        return new SkillTestCase(node.path("id").isTextual() ? node.path("id").asText() : null,
                node.path("skill").isTextual() ? node.path("skill").asText() : null, parts, predicates,
                node.has("readOnly") && flag(node, "readOnly", where), node.has("dryRun") && flag(node, "dryRun", where));
    }

    private static @org.jspecify.annotations.Nullable String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ValidationException(where + ": \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static boolean flag(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw new ValidationException(where + ": \"" + field + "\" must be true or false");
        }
        return v.booleanValue();
    }
}
