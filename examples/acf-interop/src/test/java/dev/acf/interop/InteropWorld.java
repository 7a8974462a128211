package dev.acf.interop;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.Registration;
import dev.acf.client.host.AgentHandler;
import dev.acf.client.host.AgentHost;
import dev.acf.gateway.GatewayServer;
import dev.acf.gateway.proxy.AgentPath;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One domain of trust, in-process on port 0: an ANS for {@value #DOMAIN}, a gateway with its
 * ANS identity (TLS 1.3, client certificates of the ANS CA) whose exchanges a {@link WireLog}
 * writes down, and helpers to host agents, certify callers and write their PEM files for
 * programs in other languages. {@link #close()} stops what it started and deletes the ANS files.
 */
final class InteropWorld implements AutoCloseable {
    static final String DOMAIN = "ops.example.net";
    static final String TOKEN = "interop-bootstrap-token-0001";
    static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway." + DOMAIN);

    private final AnsServer ans;
    private final AcfClient lookup;
    private final GatewayServer gateway;
    private final WireLog wire = new WireLog();
    private final List<AutoCloseable> owned = new ArrayList<>();

    private final Path dataDirectory;

    InteropWorld(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        ans = AnsServer.builder().domain(DOMAIN).dataDirectory(dataDirectory)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .semanticResolution(false)   // calls here name their agents: no embedding model to load
                .build().start();
        lookup = AcfClient.builder().ans(ans.baseUri()).cacheTtl(Duration.ofMillis(1)).build();
        AgentIdentity gatewayIdentity = certify(GATEWAY, URI.create("https://127.0.0.1:9/gateway"));
        gateway = GatewayServer.builder().lookup(lookup).identity(gatewayIdentity)
                .filter(FilterStage.OBSERVABILITY, wire).build().start();
    }

    /** Returns what the gateway saw. */
    WireLog wire() {
        return wire;
    }

    /** Returns the gateway's base URI ({@code https://127.0.0.1:<port>}). */
    URI gatewayUri() {
        return gateway.baseUri();
    }

    /** Returns an agent's address at the gateway. */
    URI agentUri(AgentName agent) {
        return URI.create(gateway.baseUri() + AgentPath.of(agent));
    }

    /** Returns the URL of an agent's card at the gateway. */
    URI cardUri(AgentName agent) {
        return URI.create(agentUri(agent) + AgentPath.CARD);
    }

    /** Generates an identity and registers it with a card naming {@code endpoint}; returns it certified. */
    AgentIdentity certify(AgentName name, URI endpoint) {
        return certify(name, card(name, endpoint), endpoint);
    }

    /** Generates an identity and registers it with this card and endpoint; returns it certified. */
    AgentIdentity certify(AgentName name, AgentCard card, URI endpoint) {
        AgentIdentity identity = AgentIdentity.generate(name);
        Registration r = lookup.register(identity, card, List.of(new Endpoint(endpoint, Endpoint.JSONRPC)), TOKEN);
        if (!(r instanceof Registration.Registered)) {
            throw new IllegalStateException("registration of " + name + " did not complete: " + r);
        }
        return identity;
    }

    /** Hosts, registers and starts an agent whose card declares streaming; closed with the world. */
    AgentHost host(AgentName name, AgentHandler handler) {
        AgentHost host = AgentHost.builder()
                .identity(AgentIdentity.generate(name))
                .card("Answers " + name.agentLabel() + " questions.", skill(name))
                .handler(handler)
                .trustedGateways(GATEWAY)
                .register(lookup, TOKEN)
                .build().start();
        owned.add(host);
        return host;
    }

    /** Returns a client that calls agents through the gateway as this identity; closed with the world. */
    AcfClient client(AgentIdentity caller) {
        AcfClient client = AcfClient.builder().ans(ans.baseUri()).gateway(gateway.baseUri()).gatewayName(GATEWAY)
                .identity(caller).callTimeout(Duration.ofSeconds(20)).build();
        owned.add(client);
        return client;
    }

    /** Writes an identity's {@code key.pem}, {@code cert.pem} and {@code ca.pem} to a directory and returns it. */
    static Path pems(AgentIdentity identity, Path dir) {
        identity.save(dir);
        return dir;
    }

    static AgentCard card(AgentName name, URI endpoint) {
        return AgentCard.builder(name.agentLabel() + " agent", "Answers " + name.agentLabel() + " questions.", String.valueOf(name.version()))
                .supportedInterfaces(List.of(new AgentInterface(endpoint.toString(), AgentInterface.JSONRPC, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("text/plain"))
                .skills(List.of(skill(name)))
                .build();
    }

    private static AgentSkill skill(AgentName name) {
        return AgentSkill.builder(name.agentLabel() + "-answer", "Answer", "Answers " + name.agentLabel() + " questions.")
                .tags(List.of("interop")).build();
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        gateway.close();
        lookup.close();
        ans.close();
        try (var files = java.nio.file.Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
