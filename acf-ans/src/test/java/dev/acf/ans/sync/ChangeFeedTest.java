package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.ans.AnsServer;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.sync.SyncPage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported feed of a real ANS: paging, snapshot, live changes, signatures and export policy. */
class ChangeFeedTest {
    static final String TOKEN_B = "token-that-b-presents-0001";
    static final String TOKEN_C = "token-that-c-presents-0001";

    @TempDir
    Path dir;

    private AnsServer ans() {
        return SyncFixture.ans("a.test", dir)
                .peer(Peer.builder("b.test").exportTo(TOKEN_B, ExportPolicy.defaults()).build())
                .peer(Peer.builder("c.test").exportTo(TOKEN_C, ExportPolicy.builder().names("*.sales.a.test").tags("partner")
                        .maxClassification(ClassificationLevel.PUBLIC).build()).build())
                .build().start();
    }

    private static List<SignedChange> verified(AnsServer ans, SyncPage page) {
        return page.changes().stream().map(jws -> SignedChange.verify(jws, d -> Optional.of(ans.signer().publicJwks()))).toList();
    }

    @Test
    void snapshotPagesWithACursorThenCarriesLiveChanges() {
        try (AnsServer a = ans()) {
            for (int i = 0; i < 5; i++) {
                SyncFixture.register(a, "ans://v1.0.0.agent" + i + ".fleet.a.test", "fleet agent " + i, "fleet");
            }
            AgentName gone = AgentName.parse("ans://v1.0.0.agent4.fleet.a.test");
            a.service().revokeAsAdmin(gone, RevocationReason.UNSPECIFIED, SyncFixture.ADMIN);
            ChangeFeed feed = a.federation().orElseThrow().feed();
            Peer b = feed.authenticate(TOKEN_B);

            List<SignedChange> snapshot = new ArrayList<>();
            SyncPage page = feed.page(b, null, 2);
            assertThat(page.cursor()).startsWith("snapshot:");
            snapshot.addAll(verified(a, page));
            while (page.hasMore()) {
                page = feed.page(b, page.cursor(), 2);
                snapshot.addAll(verified(a, page));
            }
            assertThat(page.cursor()).doesNotStartWith("snapshot:");
            assertThat(snapshot).extracting(c -> c.record().name().toString()).containsExactlyInAnyOrder(
                    "ans://v1.0.0.agent0.fleet.a.test", "ans://v1.0.0.agent1.fleet.a.test", "ans://v1.0.0.agent2.fleet.a.test",
                    "ans://v1.0.0.agent3.fleet.a.test");
            assertThat(snapshot).allMatch(c -> c.kind() == SignedChange.Kind.UPSERT && c.origin().name().equals("a.test"));
            assertThat(feed.page(b, page.cursor(), 10).changes()).isEmpty();

            a.service().revokeAsAdmin(AgentName.parse("ans://v1.0.0.agent0.fleet.a.test"), RevocationReason.UNSPECIFIED, SyncFixture.ADMIN);
            SyncFixture.register(a, "ans://v1.0.0.fresh.fleet.a.test", "a new agent", "fleet");
            List<SignedChange> live = verified(a, feed.page(b, page.cursor(), 10));
            assertThat(live).extracting(c -> c.record().name().toString() + " " + c.kind())
                    .containsExactly("ans://v1.0.0.agent0.fleet.a.test REVOKE", "ans://v1.0.0.fresh.fleet.a.test UPSERT");
        }
    }

    @Test
    void exportPolicyHidesWhatAPeerMayNotSee() {
        try (AnsServer a = ans()) {
            SyncFixture.register(a, "ans://v1.0.0.quote.sales.a.test", "quotes for partners", "partner", "classification:public");
            SyncFixture.register(a, "ans://v1.0.0.pricing.sales.a.test", "internal price lists", "partner");
            SyncFixture.register(a, "ans://v1.0.0.crm.sales.a.test", "customer records", "crm", "classification:public");
            SyncFixture.register(a, "ans://v1.0.0.rca.broadband.a.test", "fault analysis", "partner", "classification:public");
            SyncFixture.register(a, "ans://v1.0.0.vault.security.a.test", "key vault", "classification:secret");
            ChangeFeed feed = a.federation().orElseThrow().feed();

            List<String> seenByC = verified(a, feed.page(feed.authenticate(TOKEN_C), null, 100)).stream()
                    .map(c -> c.record().name().toString()).toList();
            assertThat(seenByC).containsExactly("ans://v1.0.0.quote.sales.a.test");

            List<String> seenByB = verified(a, feed.page(feed.authenticate(TOKEN_B), null, 100)).stream()
                    .map(c -> c.record().name().toString()).toList();
            assertThat(seenByB).hasSize(4).doesNotContain("ans://v1.0.0.vault.security.a.test");
        }
    }

    @Test
    void aWholeBatchVerifiesAtOnceAndAnAlteredOneIsRefusedAsAWhole() {
        try (AnsServer a = ans()) {
            for (int i = 0; i < 3; i++) {
                SyncFixture.register(a, "ans://v1.0.0.agent" + i + ".fleet.a.test", "fleet agent " + i, "fleet");
            }
            ChangeFeed feed = a.federation().orElseThrow().feed();
            List<String> changes = feed.page(feed.authenticate(TOKEN_B), null, 100, true).changes();
            assertThat(changes).hasSize(1);
            String whole = changes.getFirst();
            assertThat(ChangeVerifier.isWhole(whole)).isTrue();
            ChangeVerifier verifier = new ChangeVerifier(d -> Optional.of(a.signer().publicJwks()));
            List<String> refused = new ArrayList<>();

            List<ChangeVerifier.Verified> verified = verifier.verifyWhole(whole, true, e -> refused.add(e.getMessage()));
            assertThat(verified).extracting(v -> v.change().name().toString()).containsExactly("ans://v1.0.0.agent0.fleet.a.test",
                    "ans://v1.0.0.agent1.fleet.a.test", "ans://v1.0.0.agent2.fleet.a.test");
            assertThat(refused).isEmpty();
            // Each change's own batched form, derived for a relay, verifies alone.
            assertThat(SignedChange.verify(verified.get(1).proof(), d -> Optional.of(a.signer().publicJwks())).name())
                    .isEqualTo(verified.get(1).change().name());

            String[] parts = whole.split("~");
            parts[3] = parts[4];
            assertThatThrownBy(() -> verifier.verifyWhole(String.join("~", parts), false, e -> refused.add(e.getMessage())))
                    .isInstanceOf(TrustException.class).hasMessageContaining("root");
            assertThatThrownBy(() -> verifier.verifyWhole(whole.substring(0, whole.lastIndexOf('~')), false, e -> refused.add(e.getMessage())))
                    .isInstanceOf(TrustException.class).hasMessageContaining("holds 2");
        }
    }
}
