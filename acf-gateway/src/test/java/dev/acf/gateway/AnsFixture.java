package dev.acf.gateway;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real, in-process ANS on port 0 with an SDK client, certifying identities for gateway tests.
 * Each fixture is its own CA: two fixtures are two domains of trust.
 */
public final class AnsFixture implements AutoCloseable {
    /** The bootstrap token registrations use. */
    public static final String TOKEN = "gateway-test-bootstrap-0001";
    /** The administrator token. */
    public static final String ADMIN = "gateway-test-admin-token-0123456789";
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
                .adminToken(ADMIN)
                .build()
                .start();
        this.client = AcfClient.builder().ans(ans.baseUri()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts an ANS keeping its files in this directory. */
    public static AnsFixture start(Path dataDirectory) {
        return new AnsFixture(dataDirectory);
    }

    /** Generates, registers and certifies an identity. */
    public AgentIdentity certify(AgentName name) {
        AgentIdentity identity = AgentIdentity.generate(name);
        AgentRecord sample = SampleAgents.record(name);
        client.register(identity, sample.agentCard(), sample.endpoints(), TOKEN);
        return identity;
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
