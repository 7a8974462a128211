package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.acf.ans.AnsServer;
import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real ANS servers: A exports to B, B imports A and relays A's records to C, C imports B and
 * pins A's key only. C verifies each relayed record against A's key; revocations and withdrawals
 * of A reach C through B; a relay that alters a relayed record is refused.
 */
class RelayTest {
    static final String TOKEN_B = "token-that-b-presents-0001";
    static final String TOKEN_C = "token-that-c-presents-0001";
    static final String FIRST = "ans://v1.0.0.first.fleet.a.test";
    static final String LATER = "ans://v1.0.0.later.fleet.a.test";

    @TempDir
    Path dir;

    private AnsServer origin(EmbeddedRegistryStore store) {
        return SyncFixture.ans("a.test", dir.resolve("a")).registryStore(store)
                .peer(Peer.builder("b.test").exportTo(TOKEN_B, ExportPolicy.builder().tags("fleet").build()).build()).build().start();
    }

    private AnsServer relay(AnsServer a) {
        return SyncFixture.ans("b.test", dir.resolve("b"))
                .federation(Federation.builder().pollInterval(Duration.ofMinutes(10)).pageSize(100).build())
                .peer(Peer.builder("a.test").ans(a.baseUri()).pinnedKeys(a.signer().publicJwks()).importWith(TOKEN_B).build())
                .peer(Peer.builder("c.test").exportTo(TOKEN_C, ExportPolicy.defaults()).relay("a.test").build())
                .build().start();
    }

    private AnsServer importer(URI relay, AnsServer b, AnsServer a) {
        return SyncFixture.ans("c.test", dir.resolve("c"))
                .federation(Federation.builder().pollInterval(Duration.ofMinutes(10)).pageSize(100).build())
                .peer(Peer.builder("b.test").ans(relay).pinnedKeys(b.signer().publicJwks()).importWith(TOKEN_C).build())
                .peer(Peer.builder("a.test").pinnedKeys(a.signer().publicJwks()).build())
                .build().start();
    }

    @Test
    void aRelayedRecordVerifiesAgainstItsOriginAndRevocationsAndWithdrawalsReachTheThirdDomain() {
        try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(dir.resolve("a-registry")); AnsServer a = origin(store)) {
            SyncFixture.register(a, FIRST, "first fleet agent", "fleet");
            SyncFixture.register(a, "ans://v1.0.0.second.fleet.a.test", "second fleet agent", "fleet");
            try (AnsServer b = relay(a); AnsServer c = importer(b.baseUri(), b, a)) {
                AgentName first = AgentName.parse(FIRST);
                await().atMost(Duration.ofSeconds(10)).until(() -> c.service().resolve(first).isPresent());
                assertThat(c.service().resolve(first).orElseThrow().domain().name()).isEqualTo("a.test");

                // Registered after both bootstraps: a single change, relayed as A signed it.
                SyncFixture.register(a, LATER, "later fleet agent", "fleet");
                AgentName later = AgentName.parse(LATER);
                await().atMost(Duration.ofSeconds(5)).until(() -> c.service().resolve(later).isPresent());

                a.service().revokeAsAdmin(later, RevocationReason.KEY_COMPROMISE, SyncFixture.ADMIN);
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> c.service().resolve(later).isEmpty());
                assertThat(c.federation().orElseThrow().foreign().find(later).orElseThrow().status().name()).isEqualTo("REVOKED");

                // A stops exporting FIRST to B; B withdraws it from C with its own signature.
                WithdrawalTest.retag(store, FIRST, "not-exported");
                await().atMost(Duration.ofSeconds(5)).until(() -> c.service().resolve(first).isEmpty());
                assertThat(c.federation().orElseThrow().importer("b.test").orElseThrow().status().rejected()).isZero();
            }
        }
    }

    @Test
    void aRelayThatAltersARelayedRecordIsRefused() throws Exception {
        try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(dir.resolve("a-registry")); AnsServer a = origin(store)) {
            AgentRecord kept = SyncFixture.register(a, "ans://v1.0.0.kept.fleet.a.test", "relayed unchanged", "fleet");
            AgentRecord altered = SyncFixture.register(a, "ans://v1.0.0.altered.fleet.a.test", "relayed with a new endpoint", "fleet");
            try (AnsServer b = relay(a)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> b.federation().orElseThrow().foreign().count() == 2);
                ChangeFeed feed = b.federation().orElseThrow().feed();
                List<String> relayed = feed.page(feed.authenticate(TOKEN_C), null, 100).changes();
                assertThat(relayed).hasSize(2);

                // What a dishonest B would serve: A's signed form with the record's endpoint changed.
                byte[] page = AcfJson.writeBytes(Map.of("changes", List.of(ForgedChangeTest.find(relayed, kept),
                        ForgedChangeTest.alterPayload(ForgedChangeTest.find(relayed, altered))), "cursor", "2+2", "hasMore", false));
                HttpServer dishonest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                dishonest.createContext("/v1/sync/changes", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, page.length);
                    exchange.getResponseBody().write(page);
                    exchange.close();
                });
                dishonest.start();
                try (AnsServer c = importer(URI.create("http://127.0.0.1:" + dishonest.getAddress().getPort()), b, a)) {
                    PeerImporter importer = c.federation().orElseThrow().importer("b.test").orElseThrow();
                    await().atMost(Duration.ofSeconds(10)).until(() -> importer.status().caughtUp());
                    assertThat(importer.status().rejected()).isEqualTo(1);
                    assertThat(c.service().resolve(kept.name())).isPresent();
                    assertThat(c.service().resolve(altered.name())).isEmpty();
                } finally {
                    dishonest.stop(0);
                }
            }
        }
    }

    @Test
    void recordsImportedBeforeRelayingWasConfiguredAreRelayedToo() {
        try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(dir.resolve("a-registry")); AnsServer a = origin(store)) {
            SyncFixture.register(a, FIRST, "first fleet agent", "fleet");
            try (AnsServer b = SyncFixture.ans("b.test", dir.resolve("b"))
                    .peer(Peer.builder("a.test").ans(a.baseUri()).pinnedKeys(a.signer().publicJwks()).importWith(TOKEN_B).build())
                    .build().start()) {
                PeerImporter importer = b.federation().orElseThrow().importer("a.test").orElseThrow();
                await().atMost(Duration.ofSeconds(10)).until(() -> importer.status().caughtUp() && importer.status().imported() == 1);
            }
            // Restarted with relaying to c: b reads a's snapshot once more to keep the origin-signed forms.
            try (AnsServer b = relay(a); AnsServer c = importer(b.baseUri(), b, a)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> c.service().resolve(AgentName.parse(FIRST)).isPresent());
                assertThat(c.federation().orElseThrow().importer("b.test").orElseThrow().status().rejected()).isZero();
            }
        }
    }
}
