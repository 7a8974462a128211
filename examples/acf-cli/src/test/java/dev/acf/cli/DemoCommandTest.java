package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code acf demo} as a newcomer runs it: a child JVM that starts the whole stack, runs the
 * scenario, writes its files and exits 0; and with {@code --keep-running}, a live stack that
 * the written caller credentials can call until SIGTERM.
 */
class DemoCommandTest {
    private static final Pattern GATEWAY_LINE = Pattern.compile("GATEWAY https://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ANS_LINE = Pattern.compile("ANS http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path temp;

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Test
    void helpNamesBothScenariosAndEveryFaultType() {
        StringWriter out = new StringWriter();
        CommandLine cli = AcfCommand.newCommandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("demo", "--help")).isZero();
        assertThat(cli.execute("demo", "fault-diagnosis", "--help")).isZero();
        assertThat(out.toString()).contains("fault-diagnosis", "installation", "cross-domain", "--keep-running", "--seed", "--out",
                "FIBER_CUT", "WIFI_INTERFERENCE", "DNS_MISCONFIGURATION", "RAN_COVERAGE_HOLE");
    }

    @Test
    void anUnknownFaultIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = AcfCommand.newCommandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "fault-diagnosis", "--fault", "GREMLINS")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--fault", "GREMLINS");
    }

    @Test
    @Tag("it")
    void faultDiagnosisRunsEndToEndWritesTheTraceGraphAndAuditLogAndExitsZero() throws Exception {
        Path out = temp.resolve("out");
        process = acf("demo", "fault-diagnosis", "--fault", "wifi_interference", "--seed", "4", "--out", out.toString());

        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("finished (stderr: %s)", stderr()).isTrue();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stdout + stderr()).isZero();
        assertThat(stdout).contains("ANS for broadband.example.net at http://127.0.0.1:", "13 agents of zone repair.broadband.example.net",
                "== Phase 1: ", "== Phase 6: ", "desk -> complaint-intent  intent \"", "via=gateway",
                "root-cause: iteration 2", "=> injected WIFI_INTERFERENCE, identified WIFI_INTERFERENCE (correct)",
                "Resolution check: 21/21", "stopped cleanly");
        for (String file : List.of("trace.txt", "trace.json", "calls.json", "graph.dot", "graph.json", "resolution.json",
                "outcome.json", "audit.jsonl")) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("graph.dot"))).startsWith("digraph").contains("\"desk\" -> \"complaint-intent\"");
        JsonNode calls = AcfJson.readTree(Files.readAllBytes(out.resolve("calls.json")));
        java.util.Set<String> runContexts = new java.util.HashSet<>(calls.findValuesAsText("contextId"));
        List<JsonNode> audit = Files.readAllLines(out.resolve("audit.jsonl")).stream()
                .map(line -> AcfJson.readTree(line.getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(audit).filteredOn(e -> runContexts.contains(e.path("contextId").asText())).hasSize(calls.size())
                .allSatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(200));
        // Anything else could only be a capability verification: the probe's calls and the calls they led to.
        assertThat(audit).filteredOn(e -> !runContexts.contains(e.path("contextId").asText()))
                .allSatisfy(e -> assertThat(e.path("source").asText().contains(".probe.ans.")
                        || e.path("contextId").asText().startsWith("repair-idle-")).as("%s", e).isTrue());
        assertThat(AcfJson.readTree(Files.readAllBytes(out.resolve("outcome.json"))).path("rootCause").asText())
                .isEqualTo("WIFI_INTERFERENCE");
    }

    @Test
    @Tag("it")
    void crossDomainRunsTheFaultDiagnosisOverTwoFederatedDomainsAndExitsZero() throws Exception {
        Path out = temp.resolve("cross");
        process = acf("demo", "cross-domain", "--fault", "fiber_cut", "--seed", "4", "--out", out.toString());

        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("finished (stderr: %s)", stderr()).isTrue();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stdout + stderr()).isZero();
        assertThat(stdout).contains("ANS of core.example.net at http://127.0.0.1:", "ANS of home.example.net at http://127.0.0.1:",
                "gateways discovered through DNS", "imported the 4 core agents",
                "via=gateway.home.example.net -> gateway.core.example.net",
                "gateway.home.example.net: caller ans://v1.0.0.", "next hop ans://v1.0.0.gateway.core.example.net",
                "gateway.core.example.net: caller ans://v1.0.0.", "forwarded by ans://v1.0.0.gateway.home.example.net",
                "Resolution check: 21/21", "stopped cleanly");
        assertThat(out.resolve("audit-home").resolve("audit.jsonl")).isNotEmptyFile();
        assertThat(out.resolve("audit-core").resolve("audit.jsonl")).isNotEmptyFile();
        assertThat(out.resolve("trace.txt")).isNotEmptyFile();
    }

    @Test
    @Tag("it")
    void keepRunningServesTheCatalogueToTheWrittenCallerCredentialsUntilSigterm() throws Exception {
        Path out = temp.resolve("live");
        process = acf("demo", "installation", "--keep-running", "--out", out.toString());
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int gatewayPort = 0;
        int ansPort = 0;
        List<String> seen = new ArrayList<>();
        String console = null;
        // ANS, GATEWAY and CONSOLE lines, in that order.
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            seen.add(line);
            Matcher ans = ANS_LINE.matcher(line);
            Matcher gateway = GATEWAY_LINE.matcher(line);
            if (ans.matches()) {
                ansPort = Integer.parseInt(ans.group(1));
            } else if (gateway.matches()) {
                gatewayPort = Integer.parseInt(gateway.group(1));
            } else if (line.startsWith("CONSOLE ")) {
                console = line.substring("CONSOLE ".length());
                break;
            }
        }
        assertThat(gatewayPort).as("GATEWAY line in %s (stderr: %s)", seen, stderr()).isPositive();
        assertThat(ansPort).as("ANS line before it").isPositive();
        assertThat(seen).anyMatch(line -> line.startsWith("=> ORD-"));
        String url = "https://127.0.0.1:" + gatewayPort + "/v1/catalog";
        String printed = null;
        while (printed == null) {
            String line = lines.readLine();
            if (line == null) {
                break;
            }
            seen.add(line);
            if (line.contains("/v1/catalog")) {
                printed = line.strip();
            }
        }
        assertThat(console).as("CONSOLE line in %s", seen).isEqualTo("http://127.0.0.1:" + ansPort + "/console/");
        String adminToken = Files.readString(out.resolve("admin-token")).strip();
        try (HttpClient plain = HttpClient.newHttpClient()) {
            HttpResponse<String> page = plain.send(HttpRequest.newBuilder(URI.create(console)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("ACF ANS console");
            HttpResponse<byte[]> queue = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ansPort + "/v1/admin/requests"))
                    .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(queue.statusCode()).isEqualTo(200);
            assertThat(AcfJson.readTree(queue.body()).path("requests").get(0).path("name").asText())
                    .as("the partner's registration waits for approval").startsWith("ans://v1.0.0.field-survey.partner.");
            HttpResponse<byte[]> graph = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ansPort + "/v1/graph"))
                    .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(graph.statusCode()).isEqualTo(200);
            assertThat(AcfJson.readTree(graph.body()).path("edges").size()).as("the scenario's calls").isPositive();
        }
        assertThat(printed).as("the curl command in %s", seen)
                .isEqualTo("curl --cert caller.pem --key caller.key --cacert ca.pem " + url);

        // The JDK's client verifies the host name by default: the gateway's certificate must name 127.0.0.1.
        JsonNode catalogue;
        try (HttpClient http = HttpClient.newBuilder().sslContext(callerTls(out)).build()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            catalogue = AcfJson.readTree(response.body());
            assertThat(catalogue.path("agents")).hasSize(13);
            assertThat(catalogue.path("agents").get(0).path("name").asText()).endsWith(".install.broadband.example.net");

            String address = AcfJson.readTree(Files.readAllBytes(out.resolve("outcome.json"))).path("address").asText();
            String message = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                    + "\"messageId\":\"m-1\",\"parts\":[{\"data\":{\"address\":\"" + address + "\"}}]}}}";
            HttpRequest send = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gatewayPort + "/agents/"
                            + "ans%3A%2F%2Fsite-survey.install.broadband.example.net"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(message)).build();
            HttpResponse<byte[]> answer = http.send(send, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode data = AcfJson.readTree(answer.body()).path("result").path("message").path("parts").get(0).path("data");
            assertThat(data.path("agent").asText()).isEqualTo("site-survey");
            assertThat(data.path("summary").asText()).startsWith(address + ": fibre-ready");
        }

        if (curlInstalled()) {
            // Exactly the command the demo prints and the README shows, run in the output directory.
            Path curlErrors = temp.resolve("curl-stderr.txt");
            Process curl = new ProcessBuilder(printed.split(" ")).directory(out.toFile()).redirectError(curlErrors.toFile()).start();
            String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor()).as("curl: %s %s", answer, Files.readString(curlErrors)).isZero();
            assertThat(AcfJson.readTree(answer.getBytes(StandardCharsets.UTF_8)).path("agents")).hasSize(13);
        } else {
            System.out.println("curl is not installed: the same call was made with the JDK's HTTP client only");
        }

        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        StringBuilder rest = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            rest.append(line).append('\n');
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
        assertThat(rest).contains("Stopped cleanly");
    }

    /** A TLS context that presents caller.pem/caller.key and trusts ca.pem only, as curl's options do. */
    private static SSLContext callerTls(Path dir) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>(x509.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("caller.pem")))));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(dir.resolve("caller.key")))));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("caller", key, new char[0], chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        int i = 0;
        for (Certificate ca : x509.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("ca.pem"))))) {
            anchors.setCertificateEntry("ca" + i++, (X509Certificate) ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return tls;
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static boolean curlInstalled() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code acf <args>} in a new JVM, stdout piped, stderr to a file. */
    private Process acf(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AcfCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(temp.toFile()).redirectError(temp.resolve("stderr.txt").toFile()).start();
    }

    private String stderr() throws IOException {
        Path file = temp.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
