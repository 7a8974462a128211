package dev.acf.cli;

import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.KeyAlgorithm;
import dev.acf.client.Registration;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code acf register}: registers an agent implemented in any language. Generates its key,
 * builds the CSR, registers it with the card and endpoints, and writes {@code key.pem}
 * (PKCS#8, owner read/write only), {@code cert.pem} (chain, leaf first), {@code ca.pem} and
 * {@code name} to the output directory, ready for the agent's TLS server and for
 * {@code acf renew} / {@code acf revoke}. Exits 0 when registered, 3 when the registration waits
 * for an administrator's approval beyond {@code --wait} (the key stays in the directory).
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register an agent with ANS: generate its key and CSR, write key.pem, cert.pem and ca.pem.")
final class RegisterCommand implements Callable<Integer> {
    /** The exit status when the registration awaits approval. */
    static final int PENDING = 3;

    @Mixin
    AnsConnection connection = new AnsConnection();

    @Option(names = "--token", required = true, description = "the bootstrap token the ANS operator handed out")
    String token;

    @Option(names = "--name", required = true, description = "the agent's versioned ANS name, e.g. ans://v1.0.0.rca.broadband.ops.example.net")
    String name;

    @Option(names = "--card", required = true, description = "the agent's A2A Agent Card (JSON, v1.0 or v0.3)")
    Path card;

    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "where the agent answers A2A JSON-RPC, e.g. https://10.0.4.7:9443/a2a (repeatable)")
    List<String> endpoints = List.of();

    @Option(names = "--out", required = true, description = "the directory to write key.pem, cert.pem, ca.pem and name to")
    Path out;

    @Option(names = "--key-type", defaultValue = "EC_P256", description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    KeyAlgorithm keyType = KeyAlgorithm.EC_P256;

    @Option(names = "--wait", defaultValue = "PT0S", description = "how long to wait for an approval, ISO-8601 such as PT10M (default: do not wait)")
    Duration await = Duration.ZERO;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        AgentName agent = AgentName.parse(name);
        if (!agent.hasVersion()) {
            throw new IllegalArgumentException("--name must carry a version, such as ans://v1.0.0." + agent.fqdn());
        }
        if (Files.exists(out.resolve("key.pem"))) {
            throw new IllegalArgumentException(out + " already holds an identity (key.pem): renew it with 'acf renew', or choose another --out");
        }
        AgentCard agentCard;
        try {
            agentCard = A2aJson.read(Files.readAllBytes(card), AgentCard.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the card " + card + ": " + e.getMessage(), e);
        }
        List<Endpoint> agentEndpoints = endpoints.stream().map(url -> Endpoint.of(url, Endpoint.JSONRPC)).toList();
        // Saved first: a registration that waits for approval keeps its key for the approval.
        AgentIdentity identity = AgentIdentity.generate(agent, keyType).save(out);
        try (AcfClient ans = connection.client()) {
            Registration registration = ans.register(identity, agentCard, agentEndpoints, token);
            if (registration instanceof Registration.Pending pending) {
                if (await.isZero() || ans.awaitApproval(identity, await).isEmpty()) {
                    stdout.println("pending: " + agent + " waits for approval (request " + pending.requestId() + "); its key is in " + out);
                    stdout.flush();
                    return PENDING;
                }
            }
        }
        stdout.println("registered " + agent + ": certificate " + identity.certificate().getSerialNumber().toString(16)
                + " valid until " + identity.expiresAt());
        stdout.println("wrote " + out.resolve("key.pem") + ", " + out.resolve("cert.pem") + ", " + out.resolve("ca.pem"));
        stdout.flush();
        return 0;
    }
}
