package dev.acf.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.ConflictException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Version;
import dev.acf.api.testkit.SampleAgents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit of {@link RegistryStore}: every implementation, built-in or
 * third-party, extends this class and passes it. Shipped in the {@code acf-api} test-jar.
 *
 * <pre>{@code
 * class JdbcRegistryStoreTest extends RegistryStoreContractTest {
 *     protected RegistryStore newStore() { return new JdbcRegistryStore(freshDatabase()); }
 *     protected RegistryStore reopen(RegistryStore closed) { return new JdbcRegistryStore(sameDatabase()); }
 * }
 * }</pre>
 */
public abstract class RegistryStoreContractTest {
    /** The store under test; a fresh, empty one per test. */
    protected RegistryStore store;

    /** Returns a new, empty store. */
    protected abstract RegistryStore newStore();

    /**
     * Returns a store over the same data as {@code closed}, which has been closed, to prove
     * durability. Stores that are not durable leave the default, which skips those tests.
     */
    protected RegistryStore reopen(RegistryStore closed) {
        Assumptions.abort("this store is not durable");
        throw new AssertionError("unreachable");
    }

    @BeforeEach
    public void openStore() {
        store = newStore();
    }

    @AfterEach
    public void closeStore() {
        store.close();
    }

    private static AgentRecord agent(String name) {
        return SampleAgents.record(name);
    }

    @Test
    public void createdRecordIsFoundByItsVersionedName() {
        AgentRecord rca = agent("ans://v1.0.0.rca.ops.example.net");

        Revision revision = store.put(rca, Revision.NONE);

        assertThat(revision).isEqualTo(new Revision(1));
        assertThat(store.find(rca.name())).contains(new StoredAgent(rca, revision));
        assertThat(store.find(AgentName.parse("ans://v1.0.1.rca.ops.example.net"))).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    public void findWithoutVersionIsRefused() {
        assertThatThrownBy(() -> store.find(AgentName.parse("ans://rca.ops.example.net")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void creatingAnExistingVersionConflicts() {
        AgentRecord rca = agent("ans://v1.0.0.rca.ops.example.net");
        store.put(rca, Revision.NONE);

        assertThatThrownBy(() -> store.put(rca, Revision.NONE)).isInstanceOf(ConflictException.class);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    public void updateWithTheCurrentRevisionSucceedsAndWithAStaleOneConflicts() {
        AgentRecord rca = agent("ans://v1.0.0.rca.ops.example.net");
        Revision first = store.put(rca, Revision.NONE);
        AgentRecord suspended = rca.toBuilder().status(AgentStatus.SUSPENDED).build();

        Revision second = store.put(suspended, first);

        assertThat(second.value()).isGreaterThan(first.value());
        assertThat(store.find(rca.name()).orElseThrow().record().status()).isEqualTo(AgentStatus.SUSPENDED);
        assertThatThrownBy(() -> store.put(rca, first)).isInstanceOf(ConflictException.class);
        assertThat(store.find(rca.name()).orElseThrow().revision()).isEqualTo(second);
    }

    @Test
    public void updatingAnAbsentRecordConflicts() {
        assertThatThrownBy(() -> store.put(agent("ans://v1.0.0.rca.ops.example.net"), new Revision(3)))
                .isInstanceOf(ConflictException.class);
        assertThat(store.count()).isZero();
    }

    @Test
    public void everyVersionStaysQueryableInVersionOrder() {
        for (String v : List.of("1.10.0", "1.2.0", "2.0.0", "1.2.1")) {
            store.put(agent("ans://v" + v + ".rca.ops.example.net"), Revision.NONE);
        }
        store.put(agent("ans://v1.0.0.other.ops.example.net"), Revision.NONE);

        List<StoredAgent> versions = store.versions(AgentName.parse("ans://rca.ops.example.net"));

        assertThat(versions).extracting(s -> s.record().version())
                .containsExactly(Version.parse("1.2.0"), Version.parse("1.2.1"), Version.parse("1.10.0"), Version.parse("2.0.0"));
        assertThat(store.versions(AgentName.parse("ans://v9.9.9.rca.ops.example.net"))).hasSize(4);
    }

    @Test
    public void changeFeedListsEveryWriteInOrderWithIncreasingCursors() {
        AgentRecord a = agent("ans://v1.0.0.a1.ops.example.net");
        AgentRecord b = agent("ans://v1.0.0.b1.ops.example.net");
        Revision ra = store.put(a, Revision.NONE);
        store.put(b, Revision.NONE);
        store.put(a.toBuilder().status(AgentStatus.REVOKED).build(), ra);

        List<Change> changes = store.changesSince(Cursor.START, 100);

        assertThat(changes).extracting(Change::type)
                .containsExactly(Change.Type.CREATED, Change.Type.CREATED, Change.Type.UPDATED);
        assertThat(changes).extracting(c -> c.agent().record().name()).containsExactly(a.name(), b.name(), a.name());
        assertThat(changes.get(2).agent().record().status()).isEqualTo(AgentStatus.REVOKED);
        assertThat(changes).extracting(Change::cursor).isSorted().doesNotHaveDuplicates();
        assertThat(store.head()).isEqualTo(changes.get(2).cursor());
    }

    @Test
    public void changeFeedPagesFromACursorWithoutGapsOrRepeats() {
        for (int i = 0; i < 25; i++) {
            store.put(agent("ans://v1.0.0.agent" + i + ".ops.example.net"), Revision.NONE);
        }
        List<AgentName> seen = new ArrayList<>();
        Cursor cursor = Cursor.START;
        int pages = 0;
        while (true) {
            List<Change> page = store.changesSince(cursor, 10);
            if (page.isEmpty()) {
                break;
            }
            assertThat(page.size()).isLessThanOrEqualTo(10);
            page.forEach(c -> seen.add(c.agent().record().name()));
            cursor = page.get(page.size() - 1).cursor();
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(store.changesSince(store.head(), 10)).isEmpty();
    }

    @Test
    public void emptyStoreHasNoChangesAndHeadAtStart() {
        assertThat(store.head()).isEqualTo(Cursor.START);
        assertThat(store.changesSince(Cursor.START, 10)).isEmpty();
        try (Stream<StoredAgent> all = store.scan()) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    public void scanReturnsTheCurrentRevisionOfEveryRecord() {
        AgentRecord a = agent("ans://v1.0.0.a1.ops.example.net");
        Revision ra = store.put(a, Revision.NONE);
        store.put(a.toBuilder().status(AgentStatus.SUSPENDED).build(), ra);
        store.put(agent("ans://v2.0.0.a1.ops.example.net"), Revision.NONE);

        try (Stream<StoredAgent> all = store.scan()) {
            assertThat(all.toList())
                    .hasSize(2)
                    .anySatisfy(s -> {
                        assertThat(s.record().name()).isEqualTo(a.name());
                        assertThat(s.record().status()).isEqualTo(AgentStatus.SUSPENDED);
                    });
        }
    }

    @Test
    public void concurrentWritersLoseNothing() throws Exception {
        int writers = 4;
        int perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                tasks.add(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.put(agent("ans://v1.0.0.w" + writer + "-" + i + ".ops.example.net"), Revision.NONE);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.count()).isEqualTo(writers * perWriter);
        List<Change> changes = store.changesSince(Cursor.START, writers * perWriter + 10);
        assertThat(changes).hasSize(writers * perWriter);
        assertThat(changes).extracting(Change::cursor).isSorted().doesNotHaveDuplicates();
    }

    @Test
    public void concurrentUpdatesOfOneRecordAreSerializedByRevision() throws Exception {
        AgentRecord rca = agent("ans://v1.0.0.rca.ops.example.net");
        store.put(rca, Revision.NONE);
        int writers = 4;
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                tasks.add(() -> {
                    int done = 0;
                    while (done < perWriter) {
                        StoredAgent current = store.find(rca.name()).orElseThrow();
                        try {
                            store.put(current.record(), current.revision());
                            done++;
                        } catch (ConflictException lostRace) {
                            // another writer got there first: read again and retry
                        }
                    }
                    return done;
                });
            }
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isEqualTo(perWriter);
            }
        } finally {
            pool.shutdownNow();
        }

        StoredAgent last = store.find(rca.name()).orElseThrow();
        List<Change> changes = store.changesSince(Cursor.START, 1000);
        assertThat(changes).hasSize(1 + writers * perWriter);
        Set<Long> revisions = new HashSet<>();
        changes.forEach(c -> revisions.add(c.agent().revision().value()));
        assertThat(revisions).hasSize(changes.size()).contains(last.revision().value());
    }

    @Test
    public void acknowledgedWritesSurviveClosingAndReopening() {
        AgentRecord a = agent("ans://v1.0.0.a1.ops.example.net");
        Revision ra = store.put(a, Revision.NONE);
        Revision ra2 = store.put(a.toBuilder().status(AgentStatus.SUSPENDED).build(), ra);
        store.put(agent("ans://v1.0.0.b1.ops.example.net"), Revision.NONE);
        Cursor head = store.head();
        store.close();

        store = reopen(store);

        assertThat(store.find(a.name()).orElseThrow().revision()).isEqualTo(ra2);
        assertThat(store.find(a.name()).orElseThrow().record().status()).isEqualTo(AgentStatus.SUSPENDED);
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.head()).isEqualTo(head);
        assertThat(store.changesSince(Cursor.START, 10)).hasSize(3);
        assertThatThrownBy(() -> store.put(a, ra)).isInstanceOf(ConflictException.class);
    }
}
