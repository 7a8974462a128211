package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An agent's self-description, in the v1.0 shape: who it is, where and how to call it, what it
 * can do and how to authenticate. Immutable and thread-safe.
 *
 * <p>A v0.3 card reads into this shape: its {@code url}, {@code preferredTransport} and
 * {@code protocolVersion} become the first {@link AgentInterface}, its
 * {@code additionalInterfaces} follow (as version {@code 0.3}), and
 * {@code supportsAuthenticatedExtendedCard} becomes {@link AgentCapabilities#extendedAgentCard()}.
 * The package documentation lists every mapping.
 *
 * @param name the agent's name
 * @param description what the agent does
 * @param supportedInterfaces the endpoints, the preferred one first; never empty
 * @param provider who runs the agent
 * @param version the agent's own version, such as {@code 1.0.0}
 * @param documentationUrl where the agent is documented
 * @param capabilities the optional features
 * @param securitySchemes the security schemes by name, each in the v1.0 ProtoJSON shape (such as
 *     {@code {"httpAuthSecurityScheme": {"scheme": "Bearer"}}}); trees are copied in and out
 * @param securityRequirements the ways to satisfy the agent's security
 * @param defaultInputModes the media types the agent accepts
 * @param defaultOutputModes the media types the agent produces
 * @param skills what the agent is good at
 * @param signatures signatures over the card
 * @param iconUrl the agent's icon
 */
public record AgentCard(
        String name,
        String description,
        List<AgentInterface> supportedInterfaces,
        @Nullable AgentProvider provider,
        String version,
        @Nullable String documentationUrl,
        AgentCapabilities capabilities,
        Map<String, JsonNode> securitySchemes,
        List<SecurityRequirement> securityRequirements,
        List<String> defaultInputModes,
        List<String> defaultOutputModes,
        List<AgentSkill> skills,
        List<AgentCardSignature> signatures,
        @Nullable String iconUrl) {

    /** Validates and copies the components. */
    public AgentCard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        supportedInterfaces = Copies.list(supportedInterfaces, "supportedInterfaces");
        if (supportedInterfaces.isEmpty()) {
            throw new IllegalArgumentException("an agent card needs at least one supported interface");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(capabilities, "capabilities");
        securitySchemes = copySchemes(securitySchemes);
        securityRequirements = Copies.list(securityRequirements, "securityRequirements");
        defaultInputModes = Copies.list(defaultInputModes, "defaultInputModes");
        defaultOutputModes = Copies.list(defaultOutputModes, "defaultOutputModes");
        skills = Copies.list(skills, "skills");
        signatures = Copies.list(signatures, "signatures");
    }

    /** Returns copies of the security schemes. */
    @Override
    public Map<String, JsonNode> securitySchemes() {
        return copySchemes(securitySchemes);
    }

    /** Returns the preferred endpoint: the first supported interface. */
    public AgentInterface preferredInterface() {
        return supportedInterfaces.get(0);
    }

    /** Returns a builder for a card with these required fields. */
    public static Builder builder(String name, String description, String version) {
        return new Builder(name, description, version);
    }

    private static Map<String, JsonNode> copySchemes(@Nullable Map<String, JsonNode> schemes) {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        Copies.map(schemes, "securitySchemes").forEach((key, node) -> copy.put(key, node.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }

    /** Builds an {@link AgentCard}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String description;
        private final String version;
        private List<AgentInterface> supportedInterfaces = List.of();
        private @Nullable AgentProvider provider;
        private @Nullable String documentationUrl;
        private AgentCapabilities capabilities = AgentCapabilities.none();
        private Map<String, JsonNode> securitySchemes = Map.of();
        private List<SecurityRequirement> securityRequirements = List.of();
        private List<String> defaultInputModes = List.of();
        private List<String> defaultOutputModes = List.of();
        private List<AgentSkill> skills = List.of();
        private List<AgentCardSignature> signatures = List.of();
        private @Nullable String iconUrl;

        private Builder(String name, String description, String version) {
            this.name = name;
            this.description = description;
            this.version = version;
        }

        /** Sets the endpoints, the preferred one first. */
        public Builder supportedInterfaces(List<AgentInterface> value) {
            this.supportedInterfaces = value;
            return this;
        }

        /** Sets the endpoints, the preferred one first. */
        public Builder supportedInterfaces(AgentInterface... value) {
            this.supportedInterfaces = List.of(value);
            return this;
        }

        /** Sets who runs the agent. */
        public Builder provider(@Nullable AgentProvider value) {
            this.provider = value;
            return this;
        }

        /** Sets the documentation URL. */
        public Builder documentationUrl(@Nullable String value) {
            this.documentationUrl = value;
            return this;
        }

        /** Sets the capabilities. */
        public Builder capabilities(AgentCapabilities value) {
            this.capabilities = value;
            return this;
        }

        /** Sets the security schemes (v1.0 shape). */
        public Builder securitySchemes(Map<String, JsonNode> value) {
            this.securitySchemes = value;
            return this;
        }

        /** Sets the security requirements. */
        public Builder securityRequirements(List<SecurityRequirement> value) {
            this.securityRequirements = value;
            return this;
        }

        /** Sets the accepted media types. */
        public Builder defaultInputModes(List<String> value) {
            this.defaultInputModes = value;
            return this;
        }

        /** Sets the produced media types. */
        public Builder defaultOutputModes(List<String> value) {
            this.defaultOutputModes = value;
            return this;
        }

        /** Sets the skills. */
        public Builder skills(List<AgentSkill> value) {
            this.skills = value;
            return this;
        }

        /** Sets the signatures. */
        public Builder signatures(List<AgentCardSignature> value) {
            this.signatures = value;
            return this;
        }

        /** Sets the icon URL. */
        public Builder iconUrl(@Nullable String value) {
            this.iconUrl = value;
            return this;
        }

        /** Builds the card; fails like the record's constructor. */
        public AgentCard build() {
            return new AgentCard(name, description, supportedInterfaces, provider, version, documentationUrl,
                    capabilities, securitySchemes, securityRequirements, defaultInputModes, defaultOutputModes,
                    skills, signatures, iconUrl);
        }
    }
}
