package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acf ans} as an operator runs it: a real child JVM started through the launcher's
 * {@code main}, stopped with SIGTERM.
 */
class AnsCommandTest {
    private static final Pattern LISTENING = Pattern.compile("ANS for ops\\.example\\.net listening at (http://127\\.0\\.0\\.1:(\\d+))");
    /** What a JVM exits with when SIGTERM starts its shutdown: 128 + 15, whatever main would have returned. */
    private static final int EXIT_ON_SIGTERM = 143;

    @TempDir
    Path temp;

    private Process process;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Test
    void ansServesUntilSigtermThenExitsAndReleasesItsPort() throws Exception {
        process = acf("ans", "--domain", "ops.example.net", "--data", temp.resolve("data").toString(), "--port", "0",
                "--bootstrap-token", "fleet-bootstrap-token-0001", "--admin-token", "admin-token-0123456789abcdef");
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("first line (stderr: %s)", stderr()).isNotNull().matches(LISTENING);
        Matcher listening = LISTENING.matcher(line);
        assertThat(listening.matches()).isTrue();
        URI base = URI.create(listening.group(1));
        int port = Integer.parseInt(listening.group(2));

        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> ans = client.send(HttpRequest.newBuilder(base.resolve("/.well-known/ans")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ans.statusCode()).isEqualTo(200);
            assertThat(ans.body()).contains("\"domain\"").contains("ops.example.net").contains("\"keys\"");
        }

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited within 15 s of SIGTERM").isTrue();
        assertThat(process.exitValue()).as("exit status (stderr: %s)", stderr()).isEqualTo(EXIT_ON_SIGTERM);
        try (ServerSocket rebound = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }

    @Test
    void badSettingIsReportedInOneLineWithoutAStackTrace() throws Exception {
        assertRefused(List.of("--bootstrap-token", "short"), "error: a token needs at least 16 characters, got 5");
        assertRefused(List.of("--port", "70000"), "error: port must be 0-65535, was 70000");
        assertRefused(List.of("--glossary", temp.resolve("no-such-glossary.tsv").toString()), "error: the glossary file ");
        assertRefused(List.of("--reranker-url", "http://127.0.0.1:9/v1/chat/completions"), "error: --reranker-url needs --reranker-model");
    }

    private void assertRefused(List<String> option, String message) throws Exception {
        List<String> args = new ArrayList<>(List.of("ans", "--domain", "ops.example.net", "--data", temp.resolve("bad").toString()));
        args.addAll(option);
        process = acf(args.toArray(String[]::new));
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        String stderr = stderr();
        assertThat(process.exitValue()).as("exit status for %s", option).isNotZero();
        assertThat(stderr).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Starts {@code acf <args>} in a new JVM, stdout piped, stderr to a file. */
    private Process acf(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AcfCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(temp.resolve("stderr.txt").toFile()).start();
    }

    private String stderr() throws IOException {
        Path file = temp.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
