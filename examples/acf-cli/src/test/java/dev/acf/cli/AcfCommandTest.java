package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.AcfVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AcfCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = AcfCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("acf " + AcfVersion.current()).doesNotContain("unknown");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: acf", "info", "name", "gateway");
    }

    @Test
    void gatewayWithoutAListenerSaysWhatIsMissing() {
        assertThat(run("gateway", "--ans", "http://127.0.0.1:1")).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(err.toString()).contains("--tls-dir", "--plaintext-port");
    }

    @Test
    void infoListsEveryModuleAsPresent() {
        assertThat(run("info")).isZero();
        assertThat(out.toString()).contains("ACF " + AcfVersion.current())
                .containsPattern("acf-api +present")
                .containsPattern("acf-ans +present")
                .containsPattern("acf-gateway +present")
                .containsPattern("acf-client +present");
    }

    @Test
    void nameShowsTheCanonicalFormOfAV1Name() {
        assertThat(run("name", "a2a://chatbot.conversation.acme.v1.0.0,hipaa")).isZero();
        assertThat(out.toString()).contains("ans://v1.0.0.chatbot.conversation.acme", "version:  1.0.0",
                "protocol a2a, extension hipaa");
    }

    @Test
    void invalidNameExitsWithStatusTwoAndTheReason() {
        assertThat(run("name", "ans://v1.2.0.rca.broadband.ops.example.net", "ans://v1.2.0.rca_x.ops.example.net"))
                .isEqualTo(NameCommand.INVALID);
        assertThat(out.toString()).contains("ans://v1.2.0.rca.broadband.ops.example.net");
        assertThat(err.toString()).contains("invalid:", "'rca_x'", "'_'");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("--bogus")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }
}
