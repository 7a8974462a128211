package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.acf.ans.AnsServer;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.SrvRecord;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer discovery against a real DNS server: Debian's {@code dnsmasq}, started on a loopback port
 * with the SRV and TXT records a domain publishes (ANS-SYNC-1). Skipped when dnsmasq is not
 * installed ({@code .ci/run} installs it).
 */
class DnsDiscoveryTest {
    static final String TOKEN_B = "token-that-b-presents-0001";

    @TempDir
    Path dir;

    @Test
    void peersAreFoundThroughDnsAndTheirKeysPinned() throws Exception {
        Path dnsmasq = dnsmasq();
        try (AnsServer a = SyncFixture.ans("a.test", dir.resolve("a"))
                .peer(Peer.builder("b.test").exportTo(TOKEN_B, ExportPolicy.defaults()).build()).build().start()) {
            SyncFixture.register(a, "ans://v1.0.0.rca.broadband.a.test", "root cause analysis", "broadband");
            List<String> options = new ArrayList<>(a.federation().orElseThrow().announcement(a.baseUri()).dnsmasqOptions());
            // A domain whose TXT pins some other key than the one its ANS publishes.
            JWK other = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
            options.addAll(DnsAnnouncement.of(Domain.of("forged.test"), a.baseUri(), List.of(other), null).dnsmasqOptions());
            int port = freePort();
            Process server = start(dnsmasq, port, options);
            try {
                DnsjavaLookup dns = DnsjavaLookup.of(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(1));
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !dns.srv("_ans._tcp.a.test").isEmpty());

                assertThat(dns.srv("_ans._tcp.a.test")).containsExactly(new SrvRecord(10, 0, a.baseUri().getPort(), "127.0.0.1"));
                assertThat(dns.txt("_ans._tcp.a.test")).singleElement().asString()
                        .startsWith("v=acf1; proto=http; kid=" + a.signer().currentKeyId() + "; fp=");
                assertThat(dns.srv("_ans._tcp.nowhere.test")).isEmpty();

                PeerDiscovery discovery = new PeerDiscovery(dns);
                PeerEndpoint found = discovery.discover(Domain.of("a.test"));
                assertThat(found.ans()).isEqualTo(a.baseUri());
                assertThat(found.keys().getKeys()).extracting(JWK::getKeyID).containsExactly(a.signer().currentKeyId());
                assertThat(found.txt().get("fp")).isEqualTo(KeyFingerprint.of(a.signer().publicJwks().getKeys().getFirst()));

                assertThatThrownBy(() -> discovery.discover(Domain.of("forged.test")))
                        .isInstanceOf(PeerKeyMismatchException.class).hasMessageContaining("refusing this peer");
                assertThatThrownBy(() -> discovery.discover(Domain.of("nowhere.test"))).isInstanceOf(NotFoundException.class);

                // A peer configured by domain only: API and keys come from DNS.
                try (AnsServer b = SyncFixture.ans("b.test", dir.resolve("b"))
                        .federation(Federation.builder().dns(dns).peer(Peer.builder("a.test").importWith(TOKEN_B).build()).build())
                        .build().start()) {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> b.service().resolve(AgentName.parse("ans://v1.0.0.rca.broadband.a.test")).isPresent());
                }
            } finally {
                server.destroy();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Path dnsmasq() {
        for (String candidate : List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Assumptions.abort("dnsmasq is not installed (apt-get install dnsmasq): the DNS discovery test needs a real DNS server");
        throw new IllegalStateException("unreachable");
    }

    private Process start(Path dnsmasq, int port, List<String> records) throws IOException {
        List<String> command = new ArrayList<>(List.of(dnsmasq.toString(), "--no-daemon", "--port=" + port, "--listen-address=127.0.0.1",
                "--bind-interfaces", "--no-resolv", "--no-hosts", "--local=/test/", "--conf-file=/dev/null", "--pid-file=" + dir.resolve("dnsmasq.pid"),
                "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root"); // stay able to write the pid file in the test's directory
        }
        command.addAll(records);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
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
