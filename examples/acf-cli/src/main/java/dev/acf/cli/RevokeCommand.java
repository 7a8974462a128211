package dev.acf.cli;

import dev.acf.api.ca.RevocationReason;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code acf revoke}: revokes the certificate of an identity directory, signed with its key. The
 * agent leaves resolution at once and gateways refuse it within a second; the files stay.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke an agent's certificate: it leaves resolution and can no longer renew.")
final class RevokeCommand implements Callable<Integer> {
    @Mixin
    AnsConnection connection = new AnsConnection();

    @Option(names = "--dir", required = true, description = "the identity directory (key.pem, cert.pem, ca.pem, name)")
    Path dir;

    @Option(names = "--reason", defaultValue = "cessationOfOperation",
            description = "the RFC 5280 reason, such as keyCompromise, superseded, cessationOfOperation (default: ${DEFAULT-VALUE})")
    String reason = "cessationOfOperation";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RevocationReason why = RevocationReason.fromRfcName(reason);
        AgentIdentity identity = AgentIdentity.load(dir);
        try (AcfClient ans = connection.client()) {
            ans.revoke(identity, why);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("revoked " + identity.name() + ": certificate " + identity.certificate().getSerialNumber().toString(16)
                + " (" + why.rfcName() + ")");
        stdout.flush();
        return 0;
    }
}
