package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCardJsonTest {
    @Test
    void readsEveryFieldOfAV10Card() {
        AgentCard card = A2aJson.read(Fixtures.bytes("v1/agent-card.json"), AgentCard.class);

        assertThat(card.name()).isEqualTo("Recipe Agent");
        assertThat(card.version()).isEqualTo("2.4.1");
        assertThat(card.supportedInterfaces()).containsExactly(
                new AgentInterface("https://recipes.example.com/a2a/v1", "JSONRPC", null, "1.0"),
                new AgentInterface("https://recipes.example.com/a2a/rest", "HTTP+JSON", "kitchen-eu", "1.0"),
                new AgentInterface("https://recipes.example.com/a2a/legacy", "JSONRPC", null, "0.3"));
        assertThat(card.provider()).isEqualTo(new AgentProvider("Example Foods", "https://example.com"));
        assertThat(card.capabilities().streaming()).isTrue();
        assertThat(card.capabilities().pushNotifications()).isFalse();
        assertThat(card.capabilities().extendedAgentCard()).isTrue();
        assertThat(card.capabilities().extensions()).singleElement().satisfies(extension -> {
            assertThat(extension.uri()).isEqualTo("https://example.com/extensions/nutrition/v1");
            assertThat(extension.required()).isFalse();
            assertThat(extension.params()).isEqualTo(Map.of("units", "metric"));
        });
        assertThat(card.securitySchemes().get("bearer").at("/httpAuthSecurityScheme/scheme").asText()).isEqualTo("Bearer");
        assertThat(card.securityRequirements()).containsExactly(
                SecurityRequirement.of("bearer", "recipes.read"), SecurityRequirement.of("apiKey"));
        assertThat(card.skills()).extracting(AgentSkill::id).containsExactly("find-recipe", "plan-week");
        assertThat(card.skills().get(0).securityRequirements())
                .containsExactly(SecurityRequirement.of("bearer", "recipes.read", "pantry.read"));
        assertThat(card.signatures()).singleElement().satisfies(signature -> {
            assertThat(signature.protectedHeader()).startsWith("eyJhbGci");
            assertThat(signature.header()).containsEntry("kid", "key-1");
        });
        assertThat(card.iconUrl()).isEqualTo("https://recipes.example.com/icon.png");
    }

    @Test
    void writesAV10CardBackAsItWasReadWithoutUnknownFields() {
        JsonNode fixture = Fixtures.tree("v1/agent-card.json");
        AgentCard card = A2aJson.convert(fixture, AgentCard.class);

        ((ObjectNode) fixture).remove("futureField");
        assertThat(A2aJson.toTree(card, A2aVersion.V1_0)).isEqualTo(fixture);
    }

    @Test
    void aDualVersionCardIsTheV10CardPlusTheV03FieldsItLacks() {
        AgentCard card = A2aJson.read(Fixtures.bytes("v1/agent-card.json"), AgentCard.class);

        ObjectNode dual = A2aJson.dualVersionCard(card);

        JsonNode v10 = A2aJson.toTree(card, A2aVersion.V1_0);
        v10.properties().forEach(field -> assertThat(dual.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue()));
        assertThat(dual.path("url").asText()).isEqualTo("https://recipes.example.com/a2a/legacy");
        assertThat(dual.path("preferredTransport").asText()).isEqualTo("JSONRPC");
        assertThat(dual.path("protocolVersion").asText()).startsWith("0.3");
        assertThat(A2aJson.convert(dual, AgentCard.class)).isEqualTo(card);
    }

    @Test
    void readsAV03CardIntoTheV10Shape() {
        AgentCard card = A2aJson.read(Fixtures.bytes("v0_3/agent-card.json"), AgentCard.class);

        // The primary url comes first; the additional entry repeating it is dropped.
        assertThat(card.supportedInterfaces()).containsExactly(
                new AgentInterface("https://recipes.example.com/a2a/v1", "JSONRPC", null, "0.3.0"),
                new AgentInterface("https://recipes.example.com/a2a/grpc", "GRPC", null, "0.3.0"));
        assertThat(card.capabilities().extendedAgentCard()).isTrue();
        assertThat(card.securityRequirements()).containsExactly(
                SecurityRequirement.of("bearer", "recipes.read"), SecurityRequirement.of("apiKey"));
        assertThat(card.skills().get(0).securityRequirements())
                .containsExactly(SecurityRequirement.of("bearer", "recipes.read", "pantry.read"));
        assertThat(card.securitySchemes().get("bearer")).isEqualTo(Fixtures.tree("v1/agent-card.json")
                .at("/securitySchemes/bearer"));
        assertThat(card.securitySchemes().get("apiKey").at("/apiKeySecurityScheme/location").asText())
                .isEqualTo("header");
        assertThat(card.securitySchemes().get("oauth").at("/oauth2SecurityScheme/flows/clientCredentials/tokenUrl")
                .asText()).isEqualTo("https://auth.example.com/token");
    }

    @Test
    void convertsAV03CardToV10Json() {
        AgentCard card = A2aJson.read(Fixtures.bytes("v0_3/agent-card.json"), AgentCard.class);

        JsonNode v10 = A2aJson.toTree(card, A2aVersion.V1_0);

        assertThat(v10.at("/supportedInterfaces/0/url").asText()).isEqualTo("https://recipes.example.com/a2a/v1");
        assertThat(v10.at("/supportedInterfaces/0/protocolBinding").asText()).isEqualTo("JSONRPC");
        assertThat(v10.at("/supportedInterfaces/0/protocolVersion").asText()).isEqualTo("0.3.0");
        assertThat(v10.at("/supportedInterfaces/1/protocolBinding").asText()).isEqualTo("GRPC");
        assertThat(v10.at("/capabilities/extendedAgentCard").booleanValue()).isTrue();
        assertThat(v10.at("/securityRequirements/0/schemes/bearer/list/0").asText()).isEqualTo("recipes.read");
        assertThat(v10.at("/securitySchemes/apiKey/apiKeySecurityScheme/name").asText()).isEqualTo("X-API-Key");
        assertThat(v10.at("/skills/0/securityRequirements/0/schemes/bearer/list/1").asText()).isEqualTo("pantry.read");
        for (String v03Only : List.of("url", "preferredTransport", "additionalInterfaces", "protocolVersion",
                "supportsAuthenticatedExtendedCard", "security")) {
            assertThat(v10.has(v03Only)).as(v03Only).isFalse();
        }
        assertThat(A2aJson.detectVersion(v10)).contains(A2aVersion.V1_0);
    }

    @Test
    void writesAV03CardBackAsItWasRead() {
        JsonNode fixture = Fixtures.tree("v0_3/agent-card.json");

        AgentCard card = A2aJson.convert(fixture, AgentCard.class);

        assertThat(A2aJson.toTree(card, A2aVersion.V0_3)).isEqualTo(fixture);
    }

    @Test
    void writesAV03CardFromTheInterfacesThatSpeak03() {
        AgentCard card = A2aJson.read(Fixtures.bytes("v1/agent-card.json"), AgentCard.class);

        JsonNode v03 = A2aJson.toTree(card, A2aVersion.V0_3);

        assertThat(v03.get("url").asText()).isEqualTo("https://recipes.example.com/a2a/legacy");
        assertThat(v03.get("preferredTransport").asText()).isEqualTo("JSONRPC");
        assertThat(v03.get("protocolVersion").asText()).isEqualTo("0.3");
        assertThat(v03.has("additionalInterfaces")).isFalse();
        assertThat(v03.get("supportsAuthenticatedExtendedCard").booleanValue()).isTrue();
        assertThat(v03.at("/securitySchemes/bearer/type").asText()).isEqualTo("http");
        assertThat(v03.at("/securitySchemes/apiKey/in").asText()).isEqualTo("header");
        assertThat(v03.at("/security/0/bearer/0").asText()).isEqualTo("recipes.read");
        assertThat(v03.has("supportedInterfaces")).isFalse();
        assertThat(v03.at("/capabilities").has("extendedAgentCard")).isFalse();
    }

    @Test
    void writesAV03CardForAV10OnlyAgentFromAllItsInterfaces() {
        AgentCard card = AgentCard.builder("Solo", "Speaks 1.0 only", "1.0.0")
                .supportedInterfaces(new AgentInterface("https://a.example.com/rpc", "JSONRPC", null, "1.0"),
                        new AgentInterface("https://a.example.com/grpc", "GRPC", null, "1.0"))
                .build();

        JsonNode v03 = A2aJson.toTree(card, A2aVersion.V0_3);

        assertThat(v03.get("url").asText()).isEqualTo("https://a.example.com/rpc");
        assertThat(v03.get("protocolVersion").asText()).isEqualTo("0.3.0");
        assertThat(v03.at("/additionalInterfaces/1/transport").asText()).isEqualTo("GRPC");
    }

    @Test
    void v03CardsWrittenByUsConformToTheV03Schema() {
        V03Schema schema = V03Schema.load();
        assertThat(schema.violations("AgentCard", Fixtures.tree("v0_3/agent-card.json"))).isEmpty();
        for (String fixture : List.of("v0_3/agent-card.json", "v1/agent-card.json")) {
            AgentCard card = A2aJson.read(Fixtures.bytes(fixture), AgentCard.class);
            assertThat(schema.violations("AgentCard", A2aJson.toTree(card, A2aVersion.V0_3))).as(fixture).isEmpty();
        }
    }

    @Test
    void theV03SchemaCheckRejectsAV10Card() {

        assertThat(V03Schema.load().violations("AgentCard", Fixtures.tree("v1/agent-card.json")))
                .contains("$: missing required \"url\"", "$: missing required \"protocolVersion\"");
    }

    @Test
    void refusesACardWithoutAnyEndpointNamingTheFields() {
        assertThatThrownBy(() -> A2aJson.read("""
                {"name": "x", "description": "y", "version": "1", "capabilities": {}}
                """, AgentCard.class))
                .isInstanceOf(ValidationException.class)
                .hasMessage("malformed JSON at $: an agent card needs \"supportedInterfaces\" (v1.0) or \"url\" (v0.3)")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void reportsTheJsonPathOfAWrongValue() {
        assertThatThrownBy(() -> A2aJson.read("""
                {"name": "x", "description": "y", "version": "1", "capabilities": {},
                 "supportedInterfaces": [{"url": "https://a", "protocolBinding": "JSONRPC"}],
                 "skills": [{"id": "s", "name": "n", "description": "d", "tags": ["ok", 7]}]}
                """, AgentCard.class))
                .isInstanceOf(ValidationException.class)
                .hasMessage("malformed JSON at $.skills[0].tags[1]: expected a string, was a number");
    }
}
