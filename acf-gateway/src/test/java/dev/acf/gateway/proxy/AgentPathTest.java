package dev.acf.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.InvalidNameException;
import dev.acf.api.name.AgentName;
import java.net.URI;
import org.junit.jupiter.api.Test;

class AgentPathTest {
    static final AgentName NAME = AgentName.parse("ans://v1.2.0.rca.broadband.ops.example.net");

    @Test
    void encodedNameRoundTripsAndTheRestIsKept() {
        AgentPath path = AgentPath.parse(AgentPath.of(NAME) + "/tasks/7?x=1").orElseThrow();

        assertThat(path.name()).isEqualTo(NAME);
        assertThat(path.rest()).isEqualTo("/tasks/7?x=1");
        assertThat(AgentPath.of(NAME)).isEqualTo("/agents/ans%3A%2F%2Fv1.2.0.rca.broadband.ops.example.net");
    }

    @Test
    void aNameWithoutSchemeOrVersionIsAccepted() {
        assertThat(AgentPath.parse("/agents/rca.broadband.ops.example.net").orElseThrow().name())
                .isEqualTo(NAME.withoutVersion());
        assertThat(AgentPath.parse("/agents/rca.broadband.ops.example.net/.well-known/agent-card.json").orElseThrow().isCard()).isTrue();
    }

    @Test
    void otherPathsAreNotAgentPathsAndBadNamesAreRefused() {
        assertThat(AgentPath.parse("/v1/catalog")).isEmpty();
        assertThatThrownBy(() -> AgentPath.parse("/agents/")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> AgentPath.parse("/agents/%zz")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> AgentPath.parse("/agents/ans%3A%2F%2Fv1.x.bad")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void theRestIsAppendedToTheEndpointPathAndQueriesAreJoined() {
        assertThat(AgentProxy.target(URI.create("http://10.0.0.1:9000/a2a"), "")).isEqualTo("/a2a");
        assertThat(AgentProxy.target(URI.create("http://10.0.0.1:9000/a2a/"), "/v1?x=1")).isEqualTo("/a2a/v1?x=1");
        assertThat(AgentProxy.target(URI.create("http://10.0.0.1:9000"), "")).isEqualTo("/");
        assertThat(AgentProxy.target(URI.create("http://10.0.0.1:9000/a2a?tenant=t"), "?x=1")).isEqualTo("/a2a?tenant=t&x=1");
    }
}
