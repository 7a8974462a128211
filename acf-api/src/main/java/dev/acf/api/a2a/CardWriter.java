package dev.acf.api.a2a;

import static dev.acf.api.a2a.Nodes.array;
import static dev.acf.api.a2a.Nodes.bool;
import static dev.acf.api.a2a.Nodes.list;
import static dev.acf.api.a2a.Nodes.object;
import static dev.acf.api.a2a.Nodes.requiredList;
import static dev.acf.api.a2a.Nodes.strings;
import static dev.acf.api.a2a.Nodes.struct;
import static dev.acf.api.a2a.Nodes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes agent cards in one version's shape.
 *
 * <p>For v0.3 the interfaces that speak 0.3 are kept (all of them when none does, so a v1.0-only
 * agent still gets a usable v0.3 card); the first becomes {@code url} and
 * {@code preferredTransport}, and when there are several, all of them are listed in
 * {@code additionalInterfaces}, as v0.3 recommends.
 */
final class CardWriter {
    /** The {@code protocolVersion} of a v0.3 card made from interfaces that do not name 0.3. */
    private static final String V03_VERSION = "0.3.0";

    private final boolean v03;

    CardWriter(A2aVersion version) {
        this.v03 = version == A2aVersion.V0_3;
    }

    JsonNode card(AgentCard card) {
        ObjectNode out = object();
        if (v03) {
            List<AgentInterface> legacy = card.supportedInterfaces().stream().filter(AgentInterface::speaksV03).toList();
            List<AgentInterface> chosen = legacy.isEmpty() ? card.supportedInterfaces() : legacy;
            AgentInterface primary = chosen.get(0);
            out.put("protocolVersion", legacy.isEmpty() || primary.protocolVersion().isEmpty()
                    ? V03_VERSION : primary.protocolVersion());
            out.put("name", card.name());
            out.put("description", card.description());
            out.put("url", primary.url());
            out.put("preferredTransport", primary.protocolBinding());
            if (chosen.size() > 1) {
                out.set("additionalInterfaces", array(chosen, entry -> object()
                        .put("url", entry.url()).put("transport", entry.protocolBinding())));
            }
        } else {
            out.put("name", card.name());
            out.put("description", card.description());
            requiredList(out, "supportedInterfaces", card.supportedInterfaces(), this::v10Interface);
        }
        if (card.provider() != null) {
            out.set("provider", object().put("organization", card.provider().organization())
                    .put("url", card.provider().url()));
        }
        out.put("version", card.version());
        text(out, "documentationUrl", card.documentationUrl());
        out.set("capabilities", capabilities(card.capabilities()));
        if (!card.securitySchemes().isEmpty()) {
            ObjectNode schemes = out.putObject("securitySchemes");
            card.securitySchemes().forEach((name, scheme) ->
                    schemes.set(name, v03 ? SecuritySchemes.toV03(scheme) : scheme));
        }
        list(out, v03 ? "security" : "securityRequirements", card.securityRequirements(), this::requirement);
        requiredList(out, "defaultInputModes", card.defaultInputModes(), JsonNodeFactory.instance::textNode);
        requiredList(out, "defaultOutputModes", card.defaultOutputModes(), JsonNodeFactory.instance::textNode);
        requiredList(out, "skills", card.skills(), this::skill);
        if (v03) {
            bool(out, "supportsAuthenticatedExtendedCard", card.capabilities().extendedAgentCard());
        }
        list(out, "signatures", card.signatures(), this::signature);
        text(out, "iconUrl", card.iconUrl());
        return out;
    }

    private JsonNode v10Interface(AgentInterface entry) {
        ObjectNode out = object().put("url", entry.url()).put("protocolBinding", entry.protocolBinding());
        text(out, "tenant", entry.tenant());
        out.put("protocolVersion", entry.protocolVersion());
        return out;
    }

    private JsonNode capabilities(AgentCapabilities capabilities) {
        ObjectNode out = object();
        bool(out, "streaming", capabilities.streaming());
        bool(out, "pushNotifications", capabilities.pushNotifications());
        list(out, "extensions", capabilities.extensions(), extension -> {
            ObjectNode entry = object().put("uri", extension.uri());
            text(entry, "description", extension.description());
            // v0.3 peers expect the declaration spelled out; ProtoJSON leaves a false default out.
            if (v03 || extension.required()) {
                entry.put("required", extension.required());
            }
            struct(entry, "params", extension.params());
            return entry;
        });
        if (!v03) {
            bool(out, "extendedAgentCard", capabilities.extendedAgentCard());
        }
        return out;
    }

    JsonNode requirement(SecurityRequirement requirement) {
        ObjectNode out = object();
        if (v03) {
            requirement.schemes().forEach((name, scopes) -> out.set(name, array(scopes, JsonNodeFactory.instance::textNode)));
            return out;
        }
        ObjectNode schemes = out.putObject("schemes");
        requirement.schemes().forEach((name, scopes) ->
                schemes.putObject(name).set("list", array(scopes, JsonNodeFactory.instance::textNode)));
        return out;
    }

    private JsonNode skill(AgentSkill skill) {
        ObjectNode out = object().put("id", skill.id()).put("name", skill.name()).put("description", skill.description());
        requiredList(out, "tags", skill.tags(), JsonNodeFactory.instance::textNode);
        strings(out, "examples", skill.examples());
        strings(out, "inputModes", skill.inputModes());
        strings(out, "outputModes", skill.outputModes());
        list(out, v03 ? "security" : "securityRequirements", skill.securityRequirements(), this::requirement);
        return out;
    }

    private JsonNode signature(AgentCardSignature signature) {
        ObjectNode out = object().put("protected", signature.protectedHeader()).put("signature", signature.signature());
        struct(out, "header", signature.header());
        return out;
    }
}
