package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.sync.DnsjavaLookup;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.PeerGateway;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.hierarchy.Hierarchy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Two domains federated from the command line (ANS-SYNC-1..3): two {@code acf ans} processes,
 * one exporting to the other, configured with explicit peer settings or through a real DNS
 * server ({@code dnsmasq}) serving the records {@code --print-dns} printed; and the
 * {@code acf gateway --peer} options resolved against them.
 */
@Tag("it")
class AnsFederationCommandTest {
    private static final String BOOTSTRAP = "federation-cli-bootstrap-01";
    private static final String FEED_TOKEN = "feed-token-b-presents-to-a-0001";
    private static final Map<String, String> ENV = Map.of("ACF_FEED_TOKEN", FEED_TOKEN);
    private static final AgentName RCA = AgentName.parse("ans://v1.0.0.rca.a.test");
    private static final String GATEWAY_A = "ans://v1.0.0.gateway.a.test";
    private static final Pattern KEY_TXT = Pattern.compile("_ans\\._tcp\\.a\\.test\\. 300 IN TXT \"v=acf1; proto=http; kid=\\S+; fp=([0-9a-f]{64})\"");
    private static final Pattern ZONE_LINE = Pattern.compile("(\\S+)\\. 300 IN (SRV|TXT) (.*)");

    @TempDir
    Path dir;

    @Test
    void anAgentRegisteredInAIsResolvableAtBWithExplicitPeerSettings() throws Exception {
        try (AcfProcess a = AcfProcess.start(dir, "a", ENV, "ans", "--domain", "a.test", "--data", dir.resolve("a").toString(), "--port", "0",
                "--no-inspect-queries", "--bootstrap-token", BOOTSTRAP, "--print-dns", "--peer", "b.test", "--export-token-env", "ACF_FEED_TOKEN")) {
            URI ansA = a.ansBaseUri();
            Matcher key = KEY_TXT.matcher(a.awaitLine(KEY_TXT));
            assertThat(key.matches()).isTrue();
            try (AcfProcess b = AcfProcess.start(dir, "b", ENV, "ans", "--domain", "b.test", "--data", dir.resolve("b").toString(), "--port", "0",
                    "--no-inspect-queries", "--peer", "a.test=" + ansA, "--pin", key.group(1), "--import-token-env", "ACF_FEED_TOKEN", "--poll-interval", "1s")) {
                URI ansB = b.ansBaseUri();
                register(ansA);

                awaitResolvable(ansB, b);
            }

            // B's gateway given A's gateway explicitly: the CA certificates from a PEM file.
            Path caPem = dir.resolve("a-ca.pem");
            Files.writeString(caPem, get(ansA.resolve("/v1/ca/chain")).body());
            Hierarchy hierarchy = gatewayOptions("--peer", "a.test=https://127.0.0.1:9443," + GATEWAY_A + "," + caPem).hierarchy();
            assertThat(hierarchy.peers()).singleElement().satisfies(peer -> assertPeerGateway(peer, ansA));
        }
    }

    @Test
    void peersAnsAndGatewayAreDiscoveredThroughTheRecordsPrintDnsPrinted() throws Exception {
        Path dnsmasq = dnsmasq();
        try (AcfProcess a = AcfProcess.start(dir, "a", ENV, "ans", "--domain", "a.test", "--data", dir.resolve("a").toString(), "--port", "0",
                "--no-inspect-queries", "--bootstrap-token", BOOTSTRAP, "--print-dns", "--gateway-url", "https://127.0.0.1:9443", "--gateway-name", GATEWAY_A,
                "--peer", "b.test", "--export-token-env", "ACF_FEED_TOKEN")) {
            URI ansA = a.ansBaseUri();
            int caCertificates = certificates(get(ansA.resolve("/v1/ca/chain")).body()).size();
            // One SRV record, one TXT for the signing key, one TXT per CA certificate naming the gateway.
            await().atMost(Duration.ofSeconds(30)).until(() -> zoneLines(a).size() == 2 + caCertificates);
            int port = freePort();
            Process dns = startDnsmasq(dnsmasq, port, zoneLines(a));
            try {
                DnsjavaLookup lookup = DnsjavaLookup.of(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(1));
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !lookup.srv("_ans._tcp.a.test").isEmpty());
                assertThat(lookup.txt("_ans._tcp.a.test")).hasSize(1 + caCertificates).anySatisfy(t -> assertThat(t).contains("gw=https://127.0.0.1:9443," + GATEWAY_A));

                try (AcfProcess b = AcfProcess.start(dir, "b", ENV, "ans", "--domain", "b.test", "--data", dir.resolve("b").toString(),
                        "--port", "0", "--no-inspect-queries", "--peer", "a.test", "--import-token-env", "ACF_FEED_TOKEN", "--dns-server", "127.0.0.1:" + port,
                        "--poll-interval", "1s")) {
                    URI ansB = b.ansBaseUri();
                    register(ansA);

                    awaitResolvable(ansB, b);
                }

                Hierarchy hierarchy = gatewayOptions("--peer", "a.test", "--dns-server", "127.0.0.1:" + port).hierarchy();
                assertThat(hierarchy.peers()).singleElement().satisfies(peer -> assertPeerGateway(peer, ansA));
            } finally {
                dns.destroy();
                dns.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertPeerGateway(PeerGateway peer, URI ansA) throws Exception {
        assertThat(peer.domain()).isEqualTo(Domain.of("a.test"));
        assertThat(peer.base()).isEqualTo(URI.create("https://127.0.0.1:9443"));
        assertThat(peer.gateway()).isEqualTo(AgentName.parse(GATEWAY_A));
        assertThat(peer.ca()).containsExactlyElementsOf(certificates(get(ansA.resolve("/v1/ca/chain")).body()));
    }

    private static GatewayCommand gatewayOptions(String... peer) {
        GatewayCommand command = new GatewayCommand();
        List<String> args = new ArrayList<>(List.of("--ans", "http://127.0.0.1:1", "--owns", "b.test"));
        args.addAll(List.of(peer));
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command;
    }

    /** Waits until B answers A's agent by exact name, from the records it imported. */
    private static void awaitResolvable(URI ansB, AcfProcess b) {
        URI uri = ansB.resolve("/v1/agents/" + URLEncoder.encode(RCA.toString(), StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .failFast("B's stderr says why", () -> b.stderr().contains("Exception in thread"))
                .until(() -> get(uri).statusCode() == 200);
        assertThat(getUnchecked(uri).body()).contains(RCA.toString()).contains("a.test");
    }

    private static void register(URI ans) {
        AgentIdentity identity = AgentIdentity.generate(RCA);
        String endpoint = "https://rca.a.test/a2a";
        AgentCard card = AgentCard.builder("rca agent", "Finds the root cause of a fault.", String.valueOf(RCA.version()))
                .supportedInterfaces(List.of(new AgentInterface(endpoint, AgentInterface.JSONRPC, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder("rca-diagnose", "Diagnose", "Finds the root cause of a fault.").tags(List.of("diagnostics")).build()))
                .build();
        try (AcfClient client = AcfClient.builder().ans(ans).build()) {
            client.register(identity, card, List.of(Endpoint.of(endpoint, Endpoint.JSONRPC)), BOOTSTRAP);
        }
    }

    private static List<String> zoneLines(AcfProcess process) {
        return process.lines().stream().filter(l -> ZONE_LINE.matcher(l).matches()).toList();
    }

    /**
     * Serves the zone lines with dnsmasq, from a configuration file: there a quoted TXT text may
     * hold the comma of {@code gw=<base>,<name>}, which a command-line option would split.
     */
    private Process startDnsmasq(Path dnsmasq, int port, List<String> zoneLines) throws IOException {
        List<String> conf = new ArrayList<>();
        for (String line : zoneLines) {
            Matcher m = ZONE_LINE.matcher(line);
            assertThat(m.matches()).isTrue();
            if (m.group(2).equals("SRV")) {
                String[] srv = m.group(3).split(" "); // priority weight port target.
                conf.add("srv-host=" + m.group(1) + "," + srv[3].replaceAll("\\.$", "") + "," + srv[2] + "," + srv[0] + "," + srv[1]);
            } else {
                conf.add("txt-record=" + m.group(1) + "," + m.group(3));
            }
        }
        Path file = dir.resolve("dnsmasq.conf");
        Files.write(file, conf);
        List<String> command = new ArrayList<>(List.of(dnsmasq.toString(), "--no-daemon", "--port=" + port, "--listen-address=127.0.0.1",
                "--bind-interfaces", "--no-resolv", "--no-hosts", "--local=/test/", "--conf-file=" + file, "--pid-file=" + dir.resolve("dnsmasq.pid"),
                "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root"); // stay able to write the pid file in the test's directory
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
    }

    /** Skips locally, fails in CI, when dnsmasq is missing. */
    private static Path dnsmasq() {
        for (String candidate : List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("the DNS discovery test must run in CI, but dnsmasq is not installed; .ci/run installs it");
        }
        Assumptions.abort("dnsmasq is not installed (apt-get install dnsmasq): discovery through DNS needs a real DNS server");
        throw new IllegalStateException("unreachable");
    }

    private static List<X509Certificate> certificates(String pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> getUnchecked(URI uri) {
        try {
            return get(uri);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Returns a port free for both UDP and TCP on the loopback address. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    return udp.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no loopback port free for both UDP and TCP");
    }
}
