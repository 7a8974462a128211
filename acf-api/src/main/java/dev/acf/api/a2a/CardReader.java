package dev.acf.api.a2a;

import static dev.acf.api.a2a.Fields.bool;
import static dev.acf.api.a2a.Fields.build;
import static dev.acf.api.a2a.Fields.flag;
import static dev.acf.api.a2a.Fields.has;
import static dev.acf.api.a2a.Fields.list;
import static dev.acf.api.a2a.Fields.malformed;
import static dev.acf.api.a2a.Fields.object;
import static dev.acf.api.a2a.Fields.optObject;
import static dev.acf.api.a2a.Fields.required;
import static dev.acf.api.a2a.Fields.requiredText;
import static dev.acf.api.a2a.Fields.strings;
import static dev.acf.api.a2a.Fields.struct;
import static dev.acf.api.a2a.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads agent cards of either version into the v1.0 shape. A v0.3 card's {@code url},
 * {@code preferredTransport} and {@code protocolVersion} become the first interface, its
 * {@code additionalInterfaces} follow (minus the repeat of the first, which v0.3 recommends),
 * and {@code supportsAuthenticatedExtendedCard} becomes {@code capabilities.extendedAgentCard}.
 */
final class CardReader {
    /** The version a v0.3 card without {@code protocolVersion} speaks. */
    private static final String V03_DEFAULT_VERSION = "0.3.0";

    private CardReader() {}

    static AgentCard card(JsonNode node, String path) {
        ObjectNode card = object(node, path);
        List<AgentInterface> interfaces = has(card, "supportedInterfaces")
                ? list(card, "supportedInterfaces", path, CardReader::v10Interface)
                : v03Interfaces(card, path);
        AgentCapabilities capabilities = capabilities(card, path);
        Map<String, JsonNode> schemes = new LinkedHashMap<>();
        ObjectNode schemeNodes = optObject(card, "securitySchemes", path);
        if (schemeNodes != null) {
            schemeNodes.properties().forEach(entry -> schemes.put(entry.getKey(),
                    SecuritySchemes.toV10(entry.getValue(), path + ".securitySchemes." + entry.getKey())));
        }
        ObjectNode provider = optObject(card, "provider", path);
        return build(path, () -> new AgentCard(requiredText(card, "name", path), requiredText(card, "description", path),
                interfaces,
                provider == null ? null : build(path + ".provider", () -> new AgentProvider(
                        requiredText(provider, "organization", path + ".provider"),
                        requiredText(provider, "url", path + ".provider"))),
                requiredText(card, "version", path), text(card, "documentationUrl", path), capabilities, schemes,
                requirements(card, path), strings(card, "defaultInputModes", path),
                strings(card, "defaultOutputModes", path), list(card, "skills", path, CardReader::skill),
                list(card, "signatures", path, CardReader::signature), text(card, "iconUrl", path)));
    }

    private static AgentInterface v10Interface(JsonNode node, String path) {
        ObjectNode entry = object(node, path);
        String binding = text(entry, "protocolBinding", path);
        String chosen = binding != null ? binding : requiredText(entry, "transport", path);
        String version = text(entry, "protocolVersion", path);
        return build(path, () -> new AgentInterface(requiredText(entry, "url", path), chosen,
                text(entry, "tenant", path), version != null ? version : A2aVersion.V1_0.headerValue()));
    }

    private static List<AgentInterface> v03Interfaces(ObjectNode card, String path) {
        if (!has(card, "url")) {
            throw malformed(path, "an agent card needs \"supportedInterfaces\" (v1.0) or \"url\" (v0.3)");
        }
        String version = text(card, "protocolVersion", path);
        String protocolVersion = version != null ? version : V03_DEFAULT_VERSION;
        String transport = text(card, "preferredTransport", path);
        AgentInterface primary = build(path, () -> new AgentInterface(requiredText(card, "url", path),
                transport != null ? transport : AgentInterface.JSONRPC, null, protocolVersion));
        List<AgentInterface> out = new ArrayList<>();
        out.add(primary);
        for (AgentInterface extra : list(card, "additionalInterfaces", path, (node, at) -> {
            ObjectNode entry = object(node, at);
            return build(at, () -> new AgentInterface(requiredText(entry, "url", at),
                    requiredText(entry, "transport", at), null, protocolVersion));
        })) {
            boolean repeat = out.stream().anyMatch(known -> known.url().equals(extra.url())
                    && known.protocolBinding().equalsIgnoreCase(extra.protocolBinding()));
            if (!repeat) {
                out.add(extra);
            }
        }
        return out;
    }

    private static AgentCapabilities capabilities(ObjectNode card, String path) {
        ObjectNode caps = Fields.requiredObject(card, "capabilities", path);
        String at = path + ".capabilities";
        Boolean extended = bool(caps, "extendedAgentCard", at);
        if (extended == null) {
            extended = bool(card, "supportsAuthenticatedExtendedCard", path);
        }
        Boolean extendedCard = extended;
        return build(at, () -> new AgentCapabilities(bool(caps, "streaming", at), bool(caps, "pushNotifications", at),
                list(caps, "extensions", at, CardReader::extension), extendedCard));
    }

    private static AgentExtension extension(JsonNode node, String path) {
        ObjectNode extension = object(node, path);
        return build(path, () -> new AgentExtension(requiredText(extension, "uri", path),
                text(extension, "description", path), flag(extension, "required", path),
                struct(extension, "params", path)));
    }

    private static List<SecurityRequirement> requirements(ObjectNode owner, String path) {
        return has(owner, "securityRequirements")
                ? list(owner, "securityRequirements", path, CardReader::requirement)
                : list(owner, "security", path, CardReader::requirement);
    }

    /** v1.0 {@code {"schemes": {"s": {"list": [...]}}}} or v0.3 {@code {"s": [...]}}. */
    static SecurityRequirement requirement(JsonNode node, String path) {
        ObjectNode requirement = object(node, path);
        Map<String, List<String>> schemes = new LinkedHashMap<>();
        if (requirement.size() == 1 && requirement.get("schemes") instanceof ObjectNode v10) {
            String at = path + ".schemes";
            v10.properties().forEach(entry -> {
                String scopesAt = at + "." + entry.getKey();
                JsonNode scopes = entry.getValue();
                schemes.put(entry.getKey(), scopes.isArray()
                        ? strings(wrap(scopes), "list", scopesAt)
                        : strings(object(scopes, scopesAt), "list", scopesAt));
            });
        } else {
            requirement.properties().forEach(entry -> schemes.put(entry.getKey(),
                    strings(wrap(entry.getValue()), "list", path + "." + entry.getKey())));
        }
        return build(path, () -> new SecurityRequirement(schemes));
    }

    private static ObjectNode wrap(JsonNode list) {
        ObjectNode holder = JsonNodeFactory.instance.objectNode();
        holder.set("list", list);
        return holder;
    }

    private static AgentSkill skill(JsonNode node, String path) {
        ObjectNode skill = object(node, path);
        return build(path, () -> new AgentSkill(requiredText(skill, "id", path), requiredText(skill, "name", path),
                requiredText(skill, "description", path), strings(skill, "tags", path),
                strings(skill, "examples", path), strings(skill, "inputModes", path),
                strings(skill, "outputModes", path), requirements(skill, path)));
    }

    private static AgentCardSignature signature(JsonNode node, String path) {
        ObjectNode signature = object(node, path);
        required(signature, "protected", path);
        return build(path, () -> new AgentCardSignature(requiredText(signature, "protected", path),
                requiredText(signature, "signature", path), struct(signature, "header", path)));
    }
}
