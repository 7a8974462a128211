package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.acf.ans.sync.Federation;
import dev.acf.ans.sync.Peer;
import dev.acf.api.name.Domain;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.sync.SrvRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The federation options of {@code acf ans} and {@code acf gateway}, parsed and checked as an operator gives them. */
class FederationOptionsTest {
    private static final String FP = "3f0c".repeat(16);
    private static final String FEED_TOKEN = "feed-token-b-presents-to-a-0001";

    @TempDir
    Path dir;

    @Test
    void eachPeerGroupConfiguresThePeerItStartsWith() throws Exception {
        Path exportToken = dir.resolve("c.token");
        Files.writeString(exportToken, "token-c-presents-to-b-0001\n");
        AnsCommand command = new AnsCommand();
        CommandLine cmd = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cmd.parseArgs("--domain", "b.test", "--data", dir.toString(),
                "--peer", "a.test=http://127.0.0.1:8401", "--pin", FP, "--import-token-env", "A_TOKEN",
                "--peer", "c.test", "--export-token-file", exportToken.toString(), "--export-names", "*.partners.b.test",
                "--export-tags", "partner,public", "--export-max-class", "public",
                "--peer", "relay.test=https://ans.relay.test", "--pin", FP.toUpperCase(java.util.Locale.ROOT),
                "--poll-interval", "2s", "--include-peers");

        Federation federation = command.federation.federation(cmd, Map.of("A_TOKEN", FEED_TOKEN)::get);

        assertThat(federation.peers()).extracting(Peer::domain).containsExactly(Domain.of("a.test"), Domain.of("c.test"));
        Peer a = federation.peers().get(0);
        assertThat(a.ans()).isEqualTo(URI.create("http://127.0.0.1:8401"));
        assertThat(a.importToken()).isEqualTo(FEED_TOKEN);
        assertThat(a.exports()).isFalse();
        Peer c = federation.peers().get(1);
        assertThat(c.imports()).isFalse();
        assertThat(c.exportToken().matches("token-c-presents-to-b-0001")).isTrue();
        assertThat(c.exportPolicy().names()).containsExactly("*.partners.b.test");
        assertThat(c.exportPolicy().tags()).containsExactlyInAnyOrder("partner", "public");
        assertThat(c.exportPolicy().maxClassification()).isEqualTo(ClassificationLevel.PUBLIC);
        assertThat(federation.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(federation.includePeersByDefault()).isTrue();
        // Pinned peers answer from their settings as their DNS would; a pin-only peer is a trusted origin.
        assertThat(federation.dns().srv("_ans._tcp.a.test")).containsExactly(new SrvRecord(0, 0, 8401, "127.0.0.1"));
        assertThat(federation.dns().txt("_ans._tcp.a.test"))
                .containsExactly("v=acf1; proto=http; jwks=http://127.0.0.1:8401/.well-known/ans; fp=" + FP);
        assertThat(federation.dns().srv("_ans._tcp.relay.test.")).containsExactly(new SrvRecord(0, 0, 443, "ans.relay.test"));
        assertThat(federation.dns().txt("_ans._tcp.relay.test")).singleElement().asString().contains("proto=https").endsWith("fp=" + FP);
    }

    @Test
    void withoutPeersThereIsNoFederation() {
        AnsCommand command = new AnsCommand();
        CommandLine cmd = new CommandLine(command);
        cmd.parseArgs("--domain", "b.test", "--data", dir.toString());
        assertThat(command.federation.federation(cmd, Map.<String, String>of()::get)).isNull();
    }

    @Test
    void badFederationValuesAreUsageErrorsNamingTheirOption() throws Exception {
        Path shortToken = dir.resolve("short.token");
        Files.writeString(shortToken, "too-short");
        Path goodToken = dir.resolve("good.token");
        Files.writeString(goodToken, FEED_TOKEN);
        String good = goodToken.toString();

        assertUsageError(ans("--peer", "a.test", "--import-token-env", "ACF_TEST_SURELY_UNSET_VARIABLE"),
                "--import-token-env ACF_TEST_SURELY_UNSET_VARIABLE (--peer a.test): the environment variable is not set");
        assertUsageError(ans("--peer", "a.test", "--export-token-file", shortToken.toString()), "a token needs at least 16 characters, got 9");
        assertUsageError(ans("--peer", "a.test", "--import-token-file", dir.resolve("missing.token").toString()), "--import-token-file");
        assertUsageError(ans("--peer", "a.test", "--import-token-file", good, "--import-token-env", "X"), "--import-token-env or --import-token-file");
        assertUsageError(ans("--peer", "a.test", "--import-token-file", good, "--poll-interval", "soon"), "Invalid value for option '--poll-interval'");
        assertUsageError(ans("--peer", "a.test", "--import-token-file", good, "--poll-interval", "0s"), "'0s' must be longer than zero");
        assertUsageError(ans("--peer", "a.test", "--export-token-file", good, "--export-max-class", "top"), "Invalid value for option '--export-max-class'");
        assertUsageError(ans("--peer", "a.test", "--import-token-file", good, "--dns-server", "127.0.0.1:99999"), "Invalid value for option '--dns-server'");
        assertUsageError(ans("--peer", "a.test=ftp://ans.a.test", "--import-token-file", good), "the peer's ANS URL must be an absolute http(s) URL");
        assertUsageError(ans("--peer", "a.test", "--pin", FP, "--import-token-file", good), "--pin needs the peer's ANS URL");
        assertUsageError(ans("--peer", "a.test=http://127.0.0.1:1", "--pin", "abc", "--import-token-file", good), "--pin of --peer a.test must be a SHA-256");
        assertUsageError(ans("--peer", "a.test"), "--peer a.test neither imports");
        assertUsageError(ans("--peer", "a.test", "--import-token-file", good, "--export-tags", "partner"), "--export-tags");
        assertUsageError(ans("--peer", "a.test", "--import-token-file", good, "--peer", "a.test", "--export-token-file", good), "--peer a.test is given twice");
        assertUsageError(ans("--peer", "not a domain", "--import-token-file", good), "--peer not a domain");
        assertUsageError(ans("--import-token-file", good), "--peer");
        assertUsageError(ans("--poll-interval", "5s"), "--poll-interval");
        assertUsageError(ans("--print-dns", "--gateway-url", "http://gw.b.test:8443", "--gateway-name", "ans://v1.0.0.gateway.b.test"),
                "--gateway-url must be an absolute https URL");
        assertUsageError(ans("--print-dns", "--gateway-url", "https://gw.b.test:8443", "--gateway-name", "ans://v1.0.0.gateway.elsewhere.test"),
                "--gateway-name ans://v1.0.0.gateway.elsewhere.test lies outside --domain b.test");
        assertUsageError(ans("--gateway-url", "https://gw.b.test:8443", "--gateway-name", "ans://v1.0.0.gateway.b.test"), "--print-dns");

        assertUsageError(gateway("--owns", "b.test", "--peer", "a.test=https://gw.a.test:8443,not-a-name,/nowhere.pem"),
                "--peer a.test=https://gw.a.test:8443,not-a-name,/nowhere.pem: the gateway name must be an ANS name");
        assertUsageError(gateway("--owns", "b.test", "--peer", "a.test=https://gw.a.test:8443,ans://v1.0.0.gateway.a.test," + dir.resolve("no.pem")),
                "cannot read the peer's CA certificates");
        assertUsageError(gateway("--owns", "b.test", "--peer", "a.test=https://gw.a.test:8443"), "write DOMAIN alone");
        assertUsageError(gateway("--peer", "a.test"), "--peer and --dns-server need --owns");
        assertUsageError(gateway("--owns", "b.test", "--peer", "a.test", "--dns-server", "nowhere:0"), "Invalid value for option '--dns-server'");
    }

    private List<String> ans(String... options) {
        List<String> args = new ArrayList<>(List.of("ans", "--domain", "b.test", "--data", dir.resolve("ans").toString(), "--port", "0"));
        args.addAll(List.of(options));
        return args;
    }

    private static List<String> gateway(String... options) {
        List<String> args = new ArrayList<>(List.of("gateway", "--ans", "http://127.0.0.1:1", "--plaintext-port", "0", "--audit-dir", "target/never"));
        args.addAll(List.of(options));
        return args;
    }

    /** Runs the launcher in-process; a bad value must stop it before anything starts, with exit status 2. */
    private static void assertUsageError(List<String> args, String message) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int status = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> AcfCommand.newCommandLine()
                .setErr(new PrintWriter(err, true)).setOut(new PrintWriter(out, true)).execute(args.toArray(String[]::new)),
                () -> "started instead of refusing " + args);
        assertThat(status).as("exit status of %s (stderr: %s)", args, err).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).as("stderr of %s", args).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
