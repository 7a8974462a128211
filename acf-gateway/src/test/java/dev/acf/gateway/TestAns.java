package dev.acf.gateway;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentProvider;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.Registration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real ANS on port 0 with a client that registers agents whose endpoints are test servers. */
final class TestAns implements AutoCloseable {
    static final String TOKEN = "gateway-test-bootstrap-token";

    final AnsServer server;
    final AcfClient client;

    private TestAns(AnsServer server) {
        this.server = server;
        this.client = AcfClient.builder().ans(server.baseUri()).cacheTtl(Duration.ofMillis(1)).build();
    }

    static TestAns start(Path data) {
        return new TestAns(AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .build()
                .start());
    }

    /** Registers an agent answering at {@code endpointUrl}; its card names that address in several places. */
    AgentIdentity register(AgentName name, String endpointUrl) {
        AgentIdentity identity = AgentIdentity.generate(name);
        Registration r = client.register(identity, card(name, endpointUrl), List.of(Endpoint.of(endpointUrl, Endpoint.JSONRPC)), TOKEN);
        if (!(r instanceof Registration.Registered)) {
            throw new IllegalStateException("registration of " + name + " did not complete: " + r);
        }
        return identity;
    }

    static AgentCard card(AgentName name, String endpointUrl) {
        String origin = endpointUrl.substring(0, endpointUrl.indexOf('/', "https://".length()));
        return AgentCard.builder(name.agentLabel() + " agent", "Answers " + name.agentLabel() + " questions.", String.valueOf(name.version()))
                .supportedInterfaces(List.of(new AgentInterface(endpointUrl, AgentInterface.JSONRPC, null, "1.0")))
                .provider(new AgentProvider("Example Ops", "https://example.net"))
                .documentationUrl(origin + "/docs/index.html")
                .iconUrl(endpointUrl + "/icon.png")
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder(name.agentLabel() + "-answer", "Answer", "Answers questions.")
                        .tags(List.of("test")).build()))
                .build();
    }

    static AgentRecord record(AgentName name, String endpointUrl) {
        return dev.acf.api.testkit.SampleAgents.record(name).toBuilder()
                .agentCard(card(name, endpointUrl))
                .endpoints(List.of(Endpoint.of(endpointUrl, Endpoint.JSONRPC)))
                .build();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
