package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.name.AgentName;
import dev.acf.gateway.hierarchy.Hierarchy;
import java.net.URI;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The gateway launcher's hierarchy options (GW-SCALE-2), parsed as an operator gives them. */
class GatewayHierarchyOptionsTest {

    private static GatewayCommand parse(String... args) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void ownsParentAndChildrenBecomeTheGatewaysHierarchy() {
        Hierarchy h = parse("--ans", "http://a", "--owns", "region1.example.net",
                "--parent", "https://core:8443,ans://v1.0.0.gateway.example.net",
                "--child", "home.region1.example.net=https://edge:8443", "--trusted-gateway", "ans://*.gw.example.net",
                "--max-hops", "4").hierarchy();

        assertThat(h.owns().name()).isEqualTo("region1.example.net");
        assertThat(h.parent().orElseThrow().base()).isEqualTo(URI.create("https://core:8443"));
        assertThat(h.place(AgentName.parse("ans://tv.home.region1.example.net"))).isEqualTo(Hierarchy.Placement.CHILD);
        assertThat(h.place(AgentName.parse("ans://alpha.example.net"))).isEqualTo(Hierarchy.Placement.PARENT);
        assertThat(h.isTrustedGateway(AgentName.parse("ans://v1.0.0.gateway.example.net"))).isTrue();
        assertThat(h.isTrustedGateway(AgentName.parse("ans://v2.0.0.east.gw.example.net"))).isTrue();
        assertThat(h.isTrustedGateway(AgentName.parse("ans://v1.0.0.noc.example.net"))).isFalse();
        assertThat(h.maxHops()).isEqualTo(4);
    }

    @Test
    void hierarchyOptionsWithoutOwnsOrWithABadChildAreRefused() {
        assertThat(parse("--ans", "http://a").hierarchy()).isNull();
        assertThatThrownBy(() -> parse("--ans", "http://a", "--parent", "https://core:8443").hierarchy()).hasMessageContaining("--owns");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--owns", "region1.example.net", "--child", "https://edge").hierarchy())
                .hasMessageContaining("--child");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--owns", "region1.example.net", "--child", "other.net=https://x").hierarchy())
                .hasMessageContaining("must lie below");
    }
}
