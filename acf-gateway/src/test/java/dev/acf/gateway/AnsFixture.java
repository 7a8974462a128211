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
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.Registration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real, in-process ANS on port 0 (domain {@code ops.example.net}) with an SDK client, for
 * gateway tests: it certifies identities and registers agents whose endpoints are test servers.
 * Each fixture is its own CA: two fixtures are two domains of trust.
 */
public final class AnsFixture implements AutoCloseable {
    /** The bootstrap token registrations use. */
    public static final String TOKEN = "gateway-test-bootstrap-0001";
    /** The administrator token. */
    public static final String ADMIN = "gateway-test-admin-token-0123456789";
    /** The token a gateway lists the grants with ({@code RemoteGrantPolicy}). */
    public static final String GRANT_READER = "gateway-test-grant-reader-0123456789";
    /** The gateway's own name. */
    public static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway.ops.example.net");
    /** A first agent. */
    public static final AgentName ALPHA = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    /** A second agent. */
    public static final AgentName BETA = AgentName.parse("ans://v1.0.0.beta.ops.example.net");

    private final AnsServer ans;
    private final AcfClient client;

    private AnsFixture(Path dataDirectory) {
        this.ans = AnsServer.builder()
                .domain(SampleAgents.DOMAIN.name())
                .dataDirectory(dataDirectory)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .adminToken(ADMIN).grantReaderToken(GRANT_READER)
                .build()
                .start();
        // Lookups through this client always ask the ANS: tests see each change at once.
        this.client = AcfClient.builder().ans(ans.baseUri()).connectTimeout(Duration.ofSeconds(5)).cacheTtl(Duration.ofMillis(1)).build();
    }

    /** Starts an ANS keeping its files in this directory. */
    public static AnsFixture start(Path dataDirectory) {
        return new AnsFixture(dataDirectory);
    }

    /** Generates, registers and certifies an identity with the sample record's card and endpoints. */
    public AgentIdentity certify(AgentName name) {
        AgentIdentity identity = AgentIdentity.generate(name);
        AgentRecord sample = SampleAgents.record(name);
        client.register(identity, sample.agentCard(), sample.endpoints(), TOKEN);
        return identity;
    }

    /** Registers and certifies an agent answering at {@code endpointUrl}; its card names that address in several places. */
    public AgentIdentity register(AgentName name, String endpointUrl) {
        AgentIdentity identity = AgentIdentity.generate(name);
        Registration r = client.register(identity, card(name, endpointUrl), List.of(Endpoint.of(endpointUrl, Endpoint.JSONRPC)), TOKEN);
        if (!(r instanceof Registration.Registered)) {
            throw new IllegalStateException("registration of " + name + " did not complete: " + r);
        }
        return identity;
    }

    /** Returns a card for an agent at {@code endpointUrl}, naming its origin in the documentation and icon URLs. */
    public static AgentCard card(AgentName name, String endpointUrl) {
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

    /** Returns a record of an agent at {@code endpointUrl}, for lookups that need no ANS ({@code FixedLookup}). */
    public static AgentRecord record(AgentName name, String endpointUrl) {
        return SampleAgents.record(name).toBuilder()
                .agentCard(card(name, endpointUrl))
                .endpoints(List.of(Endpoint.of(endpointUrl, Endpoint.JSONRPC)))
                .build();
    }

    /** Returns the server. */
    public AnsServer ans() {
        return ans;
    }

    /** Returns the SDK client (a remote {@code AnsLookup}). */
    public AcfClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        ans.close();
    }
}
