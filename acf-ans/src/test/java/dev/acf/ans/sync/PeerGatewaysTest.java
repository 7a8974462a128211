package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.AnsServer;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.api.sync.DnsLookup;
import dev.acf.api.sync.PeerGateway;
import dev.acf.api.sync.SrvRecord;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What calls between domains need from federation (ANS-SYNC-3): a peer's gateway and CA found
 * through its DNS announcement with the CA pinned, and peers' agents ranked on one scale with the
 * domain's own.
 */
class PeerGatewaysTest {
    static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway.a.test");

    @TempDir
    Path dir;

    /** Answers from one announcement, as a zone holding its records would. */
    record Zone(DnsAnnouncement announcement) implements DnsLookup {
        @Override
        public List<SrvRecord> srv(String name) {
            return name.equals(PeerDiscovery.serviceName(announcement.domain()))
                    ? List.of(new SrvRecord(10, 0, announcement.port(), announcement.host())) : List.of();
        }

        @Override
        public List<String> txt(String name) {
            return name.equals(PeerDiscovery.serviceName(announcement.domain())) ? announcement.txt() : List.of();
        }
    }

    @Test
    void peersGatewayAndPinnedCaAreDiscoveredFromItsAnnouncement() {
        try (AnsServer a = SyncFixture.ans("a.test", dir.resolve("a")).peer(Peer.builder("b.test").exportTo(FederationTest.TOKEN_B, ExportPolicy.defaults()).build()).build().start()) {
            List<X509Certificate> ca = a.service().ca().chain();
            DnsAnnouncement announced = a.federation().orElseThrow().announcement(a.baseUri())
                    .withGateway(URI.create("https://gw.a.test:8443"), GATEWAY, ca);
            assertThat(announced.txt()).allSatisfy(t -> assertThat(t.length()).as("one TXT string").isLessThanOrEqualTo(255));
            PeerDiscovery discovery = new PeerDiscovery(new Zone(announced));

            PeerGateway gateway = discovery.discoverGateway(discovery.discover(Domain.of("a.test"))).orElseThrow();

            assertThat(gateway.domain()).isEqualTo(Domain.of("a.test"));
            assertThat(gateway.base()).isEqualTo(URI.create("https://gw.a.test:8443"));
            assertThat(gateway.gateway()).isEqualTo(GATEWAY);
            assertThat(gateway.ca()).containsExactlyElementsOf(ca);
        }
    }

    @Test
    void aCaTheAnnouncementDoesNotPinIsRefused() {
        try (AnsServer a = SyncFixture.ans("a.test", dir.resolve("a")).peer(Peer.builder("b.test").exportTo(FederationTest.TOKEN_B, ExportPolicy.defaults()).build()).build().start();
                AnsServer other = SyncFixture.ans("a.test", dir.resolve("other")).build().start()) {
            DnsAnnouncement announced = a.federation().orElseThrow().announcement(a.baseUri())
                    .withGateway(URI.create("https://gw.a.test:8443"), GATEWAY, other.service().ca().chain());
            PeerDiscovery discovery = new PeerDiscovery(new Zone(announced));
            PeerEndpoint endpoint = discovery.discover(Domain.of("a.test"));

            assertThatThrownBy(() -> discovery.discoverGateway(endpoint)).isInstanceOf(PeerKeyMismatchException.class)
                    .hasMessageContaining("refusing its gateway");
        }
    }

    @Test
    void aDomainThatAnnouncesNoGatewayHasNone() {
        try (AnsServer a = SyncFixture.ans("a.test", dir.resolve("a")).peer(Peer.builder("b.test").exportTo(FederationTest.TOKEN_B, ExportPolicy.defaults()).build()).build().start()) {
            PeerDiscovery discovery = new PeerDiscovery(new Zone(a.federation().orElseThrow().announcement(a.baseUri())));

            assertThat(discovery.discoverGateway(discovery.discover(Domain.of("a.test")))).isEmpty();
        }
    }

    @Test
    void peersAgentsAndLocalAgentsAreRankedOnOneScale() {
        try (AnsServer a = FederationTest.origin(dir.resolve("a"))) {
            SyncFixture.register(a, FederationTest.PROBE, "Line probe measuring broadband signal quality", "broadband", "probe");
            try (AnsServer b = FederationTest.importer(dir.resolve("b"), a, 100)) {
                SyncFixture.register(b, "ans://v1.0.0.billing.shop.b.test", "Answers broadband billing questions", "billing");
                AgentName probe = AgentName.parse(FederationTest.PROBE);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.service().resolve(probe).isPresent());

                List<ResolveResult> found = b.service().resolve(ResolveQuery.of("broadband line probe signal quality", 5),
                        SearchOptions.defaults().withIncludePeers(true));

                assertThat(found).extracting(ResolveResult::name).first().isEqualTo(probe);
                assertThat(found).hasSizeGreaterThan(1);
                assertThat(found.get(1).score()).as("the local agent matches one word of five").isLessThan(found.get(0).score());
            }
        }
    }
}
