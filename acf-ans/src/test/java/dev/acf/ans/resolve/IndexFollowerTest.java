package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.events.AgentEvents;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.registry.InMemoryRegistryStore;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.ResolveQuery;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index follows the store: replay from the committed position, rebuilds, polling, expiry. */
class IndexFollowerTest {
    static final IndexFollower.Timing FAST = new IndexFollower.Timing(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(10));
    static final String INTENT = "unstable broadband at home";

    @TempDir
    Path dir;

    private final InMemoryRegistryStore store = new InMemoryRegistryStore();
    private final AgentEvents events = new AgentEvents(100);
    private LuceneAgentIndex index;
    private IndexFollower follower;

    @AfterEach
    void close() {
        if (follower != null) {
            follower.close();
        }
        if (index != null) {
            index.close();
        }
        events.close();
    }

    private void follow(Clock clock) {
        index = LuceneAgentIndex.builder().directory(dir).lexicalOnly().build();
        follower = IndexFollower.start(index, store, events, clock, FAST);
    }

    private void stopFollowing() {
        follower.close();
        index.close();
        follower = null;
        index = null;
    }

    private List<String> labels() {
        return LuceneAgentIndexTest.labels(follower.search(ResolveQuery.of(INTENT, 10), SearchOptions.defaults()));
    }

    private static AgentRecord agent(String id, String name) {
        return LuceneAgentIndexTest.record(id, "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, name,
                "Repairs unstable broadband at home", id + "-skill", "broadband");
    }

    private void registered(AgentRecord record) {
        store.put(record, Revision.NONE);
        events.publish(new AgentEvent(AgentEvent.Type.UPSERTED, record));
    }

    @Test
    void restartReplaysOnlyTheChangesAfterTheCommittedPosition() {
        follow(Clock.systemUTC());
        registered(agent("bb-a", "Broadband Agent A"));
        assertThat(labels()).containsExactly("bb-a");
        stopFollowing();
        try (LuceneAgentIndex closed = LuceneAgentIndex.builder().directory(dir).lexicalOnly().build()) {
            assertThat(closed.commitData()).containsEntry(IndexFollower.CURSOR_KEY, store.head().toString());
            // A record the store never had: a rebuild would drop it, a replay keeps it.
            closed.upsert(agent("bb-ghost", "Broadband Ghost"));
        }
        StoredAgent a = store.find(agent("bb-a", "x").name()).orElseThrow();
        store.put(a.record().toBuilder().status(AgentStatus.REVOKED).build(), a.revision());
        store.put(agent("bb-b", "Broadband Agent B"), Revision.NONE);

        follow(Clock.systemUTC());

        assertThat(labels()).containsExactlyInAnyOrder("bb-ghost", "bb-b");
        assertThat(follower.cursor()).isEqualTo(store.head());
    }

    @Test
    void indexAheadOfTheStoreIsRebuiltFromIt() {
        try (LuceneAgentIndex stale = LuceneAgentIndex.builder().directory(dir).lexicalOnly().build()) {
            stale.upsert(agent("bb-ghost", "Broadband Ghost"));
            stale.commit(Map.of(IndexFollower.CURSOR_KEY, "42"));
        }
        store.put(agent("bb-a", "Broadband Agent A"), Revision.NONE);

        follow(Clock.systemUTC());

        assertThat(labels()).containsExactly("bb-a");
    }

    @Test
    void writesOfAnotherNodeArriveWithoutAnEvent() {
        follow(Clock.systemUTC());
        assertThat(labels()).isEmpty();

        store.put(agent("bb-a", "Broadband Agent A"), Revision.NONE); // as another ANS sharing the database would

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(labels()).containsExactly("bb-a"));
    }

    @Test
    void registrationsAreIndexedInTheBackgroundWithoutASearch() {
        follow(Clock.systemUTC());
        await().atMost(Duration.ofSeconds(10)).until(follower::isReady);
        for (int i = 0; i < 40; i++) {
            registered(agent("bb-" + i, "Broadband Agent " + i));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(index.size()).isEqualTo(40);
            assertThat(follower.cursor()).isEqualTo(store.head());
        });
    }

    @Test
    void agentWhoseCertificateExpiredLeavesResultsWithoutAStoreChange() throws Exception {
        Instant notAfter = Instant.parse("2026-11-01T12:00:00Z");
        MutableClock clock = new MutableClock(notAfter.minusSeconds(60));
        follow(clock);
        registered(agent("bb-a", "Broadband Agent A").toBuilder().certificate(certificateUntil(notAfter)).build());
        registered(agent("bb-b", "Broadband Agent B"));
        assertThat(labels()).containsExactlyInAnyOrder("bb-a", "bb-b");

        clock.now = notAfter;

        assertThat(labels()).containsExactly("bb-b");
    }

    private static String certificateUntil(Instant notAfter) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var key = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=bb-a.access.example.net");
        var holder = new JcaX509v3CertificateBuilder(subject, BigInteger.TEN, Date.from(notAfter.minus(Duration.ofDays(1))), Date.from(notAfter),
                subject, key.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaX509CertificateConverter().getCertificate(holder));
        }
        return out.toString();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
