package dev.acf.api.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.testkit.SampleAgents;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentRecordTest {
    private final AgentRecord rca = SampleAgents.record("ans://v1.2.0.rca.broadband.ops.example.net");

    @Test
    void jsonCarriesTheFieldsTheAnsApiNames() {
        JsonNode json = AcfJson.readTree(AcfJson.writeBytes(rca.toBuilder().certificate("-----BEGIN CERTIFICATE-----\n...").build()));

        assertThat(json.get("name").asText()).isEqualTo("ans://v1.2.0.rca.broadband.ops.example.net");
        assertThat(json.get("version").asText()).isEqualTo("1.2.0");
        assertThat(json.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(json.get("domain").asText()).isEqualTo("ops.example.net");
        assertThat(json.get("agentCard").get("name").asText()).isEqualTo("rca agent");
        assertThat(json.get("endpoints").get(0).get("url").asText()).isEqualTo("https://rca.agents.internal:9443/a2a");
        assertThat(json.get("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(json.get("registeredAt").asText()).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(json.has("resolvable")).isFalse();
    }

    @Test
    void embeddedAgentCardUsesTheA2aWireShapeAndAcceptsV03Cards() {
        JsonNode json = AcfJson.readTree(AcfJson.writeBytes(rca));
        JsonNode card = json.get("agentCard");
        // v1.0: interfaces listed, no v0.3 "url"/"preferredTransport"
        assertThat(card.get("supportedInterfaces").get(0).get("protocolBinding").asText()).isEqualTo("JSONRPC");
        assertThat(card.has("url")).isFalse();

        var v03Card = AcfJson.mapper().createObjectNode()
                .put("protocolVersion", "0.3.0").put("name", "rca agent").put("description", "d").put("version", "1.2.0")
                .put("url", "https://rca.agents.internal:9443/a2a").put("preferredTransport", "JSONRPC");
        v03Card.putObject("capabilities");
        v03Card.putArray("defaultInputModes").add("text/plain");
        v03Card.putArray("defaultOutputModes").add("text/plain");
        v03Card.putArray("skills");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).set("agentCard", v03Card);

        AgentRecord back = AcfJson.convert(json, AgentRecord.class);

        assertThat(back.agentCard().preferredInterface().url()).isEqualTo("https://rca.agents.internal:9443/a2a");
    }

    @Test
    void roundTripsThroughJson() {
        AgentRecord back = AcfJson.read(AcfJson.writeBytes(rca), AgentRecord.class);

        assertThat(back).isEqualTo(rca);
    }

    @Test
    void capabilitiesFollowTheCardSkillsUnlessGiven() {
        assertThat(rca.capabilities()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("rca-diagnose");
            assertThat(c.tags()).containsExactly("diagnosis", "rca");
        });
        assertThat(rca.toBuilder().capabilities(List.of()).build().capabilities()).isEmpty();
    }

    @Test
    void refusesANameOutsideItsDomainOrWithoutVersion() {
        assertThatThrownBy(() -> rca.toBuilder().domain(Domain.of("core.example.net")).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("does not lie in domain core.example.net");
        assertThatThrownBy(() -> rca.toBuilder().name(AgentName.parse("ans://rca.broadband.ops.example.net")).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("has none");
        assertThatThrownBy(() -> rca.toBuilder().endpoints(List.of()).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("at least one endpoint");
    }

    @Test
    void endpointsMustBeAbsoluteHttpUrls() {
        assertThatThrownBy(() -> Endpoint.of("ftp://x.example.net/a2a", Endpoint.JSONRPC))
                .isInstanceOf(ValidationException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> Endpoint.of("/relative", Endpoint.JSONRPC)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Endpoint.of("https://u:p@x.example.net/", Endpoint.JSONRPC))
                .isInstanceOf(ValidationException.class).hasMessageContaining("user information").hasMessageNotContaining("u:p");
        assertThat(Endpoint.of("https://x.example.net/a2a", "jsonrpc").transport()).isEqualTo(Endpoint.JSONRPC);
    }

    @Test
    void onlyActiveAgentsAreResolvable() {
        assertThat(rca.isResolvable()).isTrue();
        for (AgentStatus status : AgentStatus.values()) {
            assertThat(rca.toBuilder().status(status).build().isResolvable()).isEqualTo(status == AgentStatus.ACTIVE);
        }
    }
}
