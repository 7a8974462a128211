package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.AnsServer;
import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Capability;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.sync.SyncPage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record that stops matching a peer's export policy is withdrawn from the peer, and only from a peer that could hold it. */
class WithdrawalTest {
    static final String TOKEN_B = "token-that-b-presents-0001";
    static final String QUOTE = "ans://v1.0.0.quote.sales.a.test";
    static final String VAULT = "ans://v1.0.0.vault.sales.a.test";

    @TempDir
    Path dir;

    private AnsServer origin(EmbeddedRegistryStore store) {
        return SyncFixture.ans("a.test", dir.resolve("a")).registryStore(store)
                .peer(Peer.builder("b.test").exportTo(TOKEN_B, ExportPolicy.builder().tags("partner")
                        .maxClassification(ClassificationLevel.PUBLIC).build()).build())
                .build().start();
    }

    /** Writes a new revision of a record with its one skill's tags replaced, as an update through the API would. */
    static void retag(EmbeddedRegistryStore store, String name, String... tags) {
        var held = store.find(AgentName.parse(name)).orElseThrow();
        AgentRecord record = held.record();
        List<Capability> capabilities = record.capabilities().stream().map(c -> new Capability(c.id(), c.name(), c.description(),
                List.of(tags), c.examples(), c.inputModes(), c.outputModes())).toList();
        store.put(record.toBuilder().capabilities(capabilities).updatedAt(record.updatedAt().plusSeconds(1)).build(), held.revision());
    }

    @Test
    void aRecordThatStopsMatchingIsWithdrawnAndANeverExportedOneStaysUnnamed() {
        try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(dir.resolve("a-registry")); AnsServer a = origin(store)) {
            SyncFixture.register(a, QUOTE, "quotes for partners", "partner", "classification:public");
            SyncFixture.register(a, VAULT, "key vault", "partner", "classification:secret");
            ChangeFeed feed = a.federation().orElseThrow().feed();
            Peer b = feed.authenticate(TOKEN_B);
            SyncPage snapshot = feed.page(b, null, 100);
            assertThat(verified(a, snapshot)).extracting(c -> c.name().toString()).containsExactly(QUOTE);

            retag(store, QUOTE, "partner", "classification:confidential");
            retag(store, VAULT, "partner", "classification:secret", "renamed");
            List<SignedChange> live = verified(a, feed.page(b, snapshot.cursor(), 100));

            assertThat(live).extracting(c -> c.kind() + " " + c.name()).containsExactly("WITHDRAW " + QUOTE);
            assertThat(live.getFirst().record()).as("a withdrawal carries none of the record's new content").isNull();
        }
    }

    @Test
    void theImporterRemovesAWithdrawnRecordAndTakesItBackWhenExportedAgain() {
        try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(dir.resolve("a-registry")); AnsServer a = origin(store)) {
            SyncFixture.register(a, QUOTE, "quotes for partners", "partner", "classification:public");
            try (AnsServer b = FederationTest.importer(dir.resolve("b"), a, 100)) {
                AgentName quote = AgentName.parse(QUOTE);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.service().resolve(quote).isPresent());

                retag(store, QUOTE, "internal-only", "classification:public");
                await().atMost(Duration.ofSeconds(5)).until(() -> b.service().resolve(quote).isEmpty());

                retag(store, QUOTE, "partner", "classification:public");
                await().atMost(Duration.ofSeconds(5)).until(() -> b.service().resolve(quote).isPresent());
                assertThat(b.federation().orElseThrow().importer("a.test").orElseThrow().status().rejected()).isZero();
            }
        }
    }

    @Test
    void anOperatorsPolicyChangeWithdrawsWhatTheOldPolicyShowedAndSendsWhatTheNewOneAdds() {
        String crm = "ans://v1.0.0.crm.sales.a.test";
        String cursor;
        try (AnsServer a = SyncFixture.ans("a.test", dir.resolve("a")).peer(Peer.builder("b.test")
                .exportTo(TOKEN_B, ExportPolicy.builder().tags("partner").build()).build()).build().start()) {
            SyncFixture.register(a, QUOTE, "quotes for partners", "partner");
            SyncFixture.register(a, crm, "customer records", "crm");
            SyncFixture.register(a, VAULT, "key vault", "vault");
            ChangeFeed feed = a.federation().orElseThrow().feed();
            SyncPage snapshot = feed.page(feed.authenticate(TOKEN_B), null, 100);
            assertThat(verified(a, snapshot)).extracting(c -> c.name().toString()).containsExactly(QUOTE);
            cursor = snapshot.cursor();
        }
        // The operator restarts the ANS with another policy for b.
        try (AnsServer a = SyncFixture.ans("a.test", dir.resolve("a")).peer(Peer.builder("b.test")
                .exportTo(TOKEN_B, ExportPolicy.builder().tags("crm").build()).build()).build().start()) {
            ChangeFeed feed = a.federation().orElseThrow().feed();
            Peer b = feed.authenticate(TOKEN_B);
            SyncPage page = feed.page(b, cursor, 1);
            List<SignedChange> changes = new java.util.ArrayList<>(verified(a, page));
            while (page.hasMore()) {
                page = feed.page(b, page.cursor(), 1);
                changes.addAll(verified(a, page));
            }
            assertThat(changes).extracting(c -> c.kind() + " " + c.name())
                    .containsExactlyInAnyOrder("WITHDRAW " + QUOTE, "UPSERT " + crm);
            assertThat(feed.page(b, page.cursor(), 100).changes()).isEmpty();
        }
    }

    private static List<SignedChange> verified(AnsServer ans, SyncPage page) {
        return page.changes().stream().map(jws -> SignedChange.verify(jws, d -> Optional.of(ans.signer().publicJwks()))).toList();
    }
}
