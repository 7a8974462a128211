package dev.acf.cli;

import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.KeyRotation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code acf renew}: renews the certificate of an identity that {@code acf register} (or
 * {@code AgentIdentity.save}) wrote, signed with its current key; by default with a fresh key.
 * The files are replaced atomically, key and certificate together.
 */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Renew an agent's certificate (new key by default); rewrites key.pem, cert.pem and ca.pem.")
final class RenewCommand implements Callable<Integer> {
    @Mixin
    AnsConnection connection = new AnsConnection();

    @Option(names = "--dir", required = true, description = "the identity directory (key.pem, cert.pem, ca.pem, name)")
    Path dir;

    @Option(names = "--keep-key", description = "keep the current key (for keys that cannot be replaced)")
    boolean keepKey;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AgentIdentity identity = AgentIdentity.load(dir);
        String before = identity.certificate().getSerialNumber().toString(16);
        try (AcfClient ans = connection.client()) {
            ans.renew(identity, keepKey ? KeyRotation.KEEP_KEY : KeyRotation.NEW_KEY);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("renewed " + identity.name() + ": certificate " + before + " -> "
                + identity.certificate().getSerialNumber().toString(16) + ", valid until " + identity.expiresAt()
                + (keepKey ? " (same key)" : " (new key)"));
        stdout.flush();
        return 0;
    }
}
