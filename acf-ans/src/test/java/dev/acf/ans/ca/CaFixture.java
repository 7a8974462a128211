package dev.acf.ans.ca;

import dev.acf.api.ca.CertificateRequest;
import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared set-up of the CA tests: a domain, names, a CA over a directory, and running openssl. */
final class CaFixture {
    static final Domain DOMAIN = Domain.of("ops.example.net");
    static final AgentName RCA = AgentName.parse("ans://v1.2.0.rca.broadband.ops.example.net");

    private CaFixture() {}

    static EmbeddedCertificateAuthority.Builder ca(Path dir, Clock clock) {
        return EmbeddedCertificateAuthority.builder().domain(DOMAIN).dataDirectory(dir).clock(clock);
    }

    static IssuedCertificate issue(EmbeddedCertificateAuthority ca, AgentName name) {
        return ca.issue(new CertificateRequest(TestCsrs.forName(TestCsrs.ec("secp256r1"), name), name, Duration.ofHours(24)));
    }

    /** The result of a finished process. */
    record Run(int exit, String output) {}

    static boolean opensslInstalled() {
        try {
            return run(List.of("openssl", "version")).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Run run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish");
            }
            return new Run(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static Path write(Path dir, String file, String text) throws IOException {
        return Files.writeString(dir.resolve(file), text);
    }
}
