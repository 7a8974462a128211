package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code acf register}, {@code renew}, {@code revoke} and {@code permissions request} against a real in-process ANS, as an
 * agent written in another language would use them; the files are checked with real X.509
 * parsing and, when it is installed, {@code openssl}.
 */
class AgentRegistrationCommandsTest {
    static final String TOKEN = "cli-test-bootstrap-token-0001";
    static final String GRANT_READER = "cli-test-grant-reader-token-0001";

    @TempDir
    static Path ansData;
    @TempDir
    Path temp;

    static AnsServer ans;
    static AcfClient client;

    @BeforeAll
    static void start() {
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(ansData)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).adminToken("cli-test-admin-token-0123456789")
                .grantReaderToken(GRANT_READER).build().start();
        client = AcfClient.builder().ans(ans.baseUri()).cacheTtl(java.time.Duration.ZERO).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        ans.close();
    }

    record Run(int status, String out, String err) {}

    private static Run acf(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AcfCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private Path card(AgentName name) throws IOException {
        AgentCard card = AgentCard.builder(name.agentLabel(), "A Python agent.", "1.0.0")
                .supportedInterfaces(List.of(new AgentInterface("https://127.0.0.1:9443/a2a", AgentInterface.JSONRPC, null, "0.3")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain")).defaultOutputModes(List.of("text/plain"))
                .skills(List.of(AgentSkill.builder("answer", "Answer", "Answers questions.").tags(List.of("test")).build()))
                .build();
        Path file = temp.resolve("card.json");
        Files.writeString(file, A2aJson.writeString(card, A2aVersion.V0_3));
        return file;
    }

    private Run register(AgentName name, Path out) throws IOException {
        return acf("register", "--ans", ans.baseUri().toString(), "--token", TOKEN, "--name", name.toString(),
                "--card", card(name).toString(), "--endpoint", "https://127.0.0.1:9443/a2a", "--out", out.toString());
    }

    private static List<X509Certificate> certificates(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
            return out;
        }
    }

    private static PrivateKey key(Path file) throws Exception {
        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String sanUri(X509Certificate certificate) throws Exception {
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
            if (Integer.valueOf(6).equals(san.get(0))) {
                return (String) san.get(1);
            }
        }
        return "";
    }

    private static boolean matches(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] challenge = "proof of possession".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(challenge);
        return verifier.verify(signature);
    }

    @Test
    void registerWritesAPrivateKeyAndACertificateChainThatVerify() throws Exception {
        AgentName name = AgentName.parse("ans://v1.0.0.pyagent.ops.example.net");
        Path out = temp.resolve("pyagent");

        Run run = register(name, out);

        assertThat(run.status()).as("exit status (stderr: %s)", run.err()).isZero();
        assertThat(run.out()).contains("registered " + name);
        assertThat(Files.getPosixFilePermissions(out.resolve("key.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        List<X509Certificate> chain = certificates(out.resolve("cert.pem"));
        List<X509Certificate> cas = certificates(out.resolve("ca.pem"));
        X509Certificate leaf = chain.get(0);
        assertThat(sanUri(leaf)).isEqualTo(name.toString());
        leaf.checkValidity();
        leaf.verify(cas.get(0).getPublicKey());
        X509Certificate root = cas.get(cas.size() - 1);
        root.verify(root.getPublicKey());
        assertThat(matches(key(out.resolve("key.pem")), leaf)).as("key.pem holds the certified key").isTrue();
        assertThat(client.resolve(name)).as("the agent resolves").isPresent();
    }

    @Test
    void opensslVerifiesTheWrittenChainAndKey() throws Exception {
        assumeTrue(hasOpenssl(), "openssl is not installed: the openssl cross-check is skipped");
        Path out = temp.resolve("jsagent");
        assertThat(register(AgentName.parse("ans://v1.0.0.jsagent.ops.example.net"), out).status()).isZero();

        String verify = run("openssl", "verify", "-CAfile", out.resolve("ca.pem").toString(), out.resolve("cert.pem").toString());
        assertThat(verify).contains(": OK");
        String fromKey = run("openssl", "pkey", "-in", out.resolve("key.pem").toString(), "-pubout");
        String fromCert = run("openssl", "x509", "-in", out.resolve("cert.pem").toString(), "-pubkey", "-noout");
        assertThat(fromKey).isEqualTo(fromCert);
    }

    @Test
    void renewReplacesKeyAndCertificateTogether() throws Exception {
        Path out = temp.resolve("renewed");
        assertThat(register(AgentName.parse("ans://v1.0.0.renewed.ops.example.net"), out).status()).isZero();
        X509Certificate before = certificates(out.resolve("cert.pem")).get(0);
        String keyBefore = Files.readString(out.resolve("key.pem"));

        Run run = acf("renew", "--ans", ans.baseUri().toString(), "--dir", out.toString());

        assertThat(run.status()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("renewed ans://v1.0.0.renewed.ops.example.net").contains("(new key)");
        X509Certificate after = certificates(out.resolve("cert.pem")).get(0);
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(Files.readString(out.resolve("key.pem"))).isNotEqualTo(keyBefore);
        assertThat(matches(key(out.resolve("key.pem")), after)).isTrue();
    }

    @Test
    void revokeTakesTheAgentOutOfResolution() throws Exception {
        AgentName name = AgentName.parse("ans://v1.0.0.revoked.ops.example.net");
        Path out = temp.resolve("revoked");
        assertThat(register(name, out).status()).isZero();
        assertThat(client.resolve(name)).isPresent();

        Run run = acf("revoke", "--ans", ans.baseUri().toString(), "--dir", out.toString(), "--reason", "keyCompromise");

        assertThat(run.status()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("revoked " + name).contains("keyCompromise");
        assertThat(client.resolve(name)).isEmpty();
    }

    @Test
    void aGrantRequestedForSomeSkillsIsListedAndApprovedWithThem() throws Exception {
        Path out = temp.resolve("fieldtech");
        assertThat(register(AgentName.parse("ans://v1.0.0.fieldtech.ops.example.net"), out).status()).isZero();

        Run requested = acf("permissions", "request", "--ans", ans.baseUri().toString(), "--dir", out.toString(),
                "--target", "ans://rca.ops.example.net", "--skill", "line-*", "--skill", "fibre-test");
        assertThat(requested.status()).as("stderr: %s", requested.err()).isZero();
        assertThat(requested.out()).contains("PENDING").contains("caller=ans://fieldtech.ops.example.net").contains("skills=line-*,fibre-test");
        String id = requested.out().strip().split(" ")[0];

        Run approved = acf("permissions", "approve", "--ans", ans.baseUri().toString(), "--admin-token", "cli-test-admin-token-0123456789", id);

        assertThat(approved.status()).as("stderr: %s", approved.err()).isZero();
        assertThat(approved.out()).contains(id).contains("ACTIVE").contains("skills=line-*,fibre-test");
        assertThat(client.permissions().list(null, null, dev.acf.api.security.Grant.Status.ACTIVE, GRANT_READER))
                .filteredOn(g -> g.id().equals(id)).singleElement()
                .satisfies(g -> assertThat(g.skills()).containsExactly("line-*", "fibre-test"));
        Run listed = acf("permissions", "list", "--ans", ans.baseUri().toString(), "--reader-token", GRANT_READER, "--status", "ACTIVE");
        assertThat(listed.status()).as("stderr: %s", listed.err()).isZero();
        assertThat(listed.out()).contains(id + " v2 ACTIVE").contains("skills=line-*,fibre-test");
        Run anonymous = acf("permissions", "list", "--ans", ans.baseUri().toString());
        assertThat(anonymous.status()).as("a token is required").isNotZero();
        assertThat(anonymous.err()).contains("--admin-token", "--reader-token");
        Run wrongToken = acf("permissions", "list", "--ans", ans.baseUri().toString(), "--reader-token", "not-the-reader-token-0123");
        assertThat(wrongToken.status()).isNotZero();
        assertThat(wrongToken.err()).contains("grant reader token");
    }

    @Test
    void badTokenAndExistingDirectoryAreOneLineErrors() throws Exception {
        Path out = temp.resolve("refused");
        Run refused = acf("register", "--ans", ans.baseUri().toString(), "--token", "not-the-token-0000000", "--name",
                "ans://v1.0.0.refused.ops.example.net", "--card", card(AgentName.parse("ans://v1.0.0.refused.ops.example.net")).toString(),
                "--endpoint", "https://127.0.0.1:9443/a2a", "--out", out.toString());
        assertThat(refused.status()).isNotZero();
        assertThat(refused.err()).startsWith("error: ").doesNotContain("\tat ");

        Path taken = temp.resolve("taken");
        assertThat(register(AgentName.parse("ans://v1.0.0.taken.ops.example.net"), taken).status()).isZero();
        Run again = register(AgentName.parse("ans://v1.0.0.taken.ops.example.net"), taken);
        assertThat(again.status()).isNotZero();
        assertThat(again.err()).contains("already holds an identity");
    }

    private static boolean hasOpenssl() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
        return output;
    }

}
