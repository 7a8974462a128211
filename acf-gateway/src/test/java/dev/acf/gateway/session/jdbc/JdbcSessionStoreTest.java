package dev.acf.gateway.session.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.session.SessionEvent;
import dev.acf.api.session.SessionStore;
import dev.acf.api.session.SessionStoreContractTest;
import dev.acf.api.session.SessionStoreProvider;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.testkit.MutableClock;
import dev.acf.gateway.session.EmbeddedSessionStoreProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store passes the kit, durability included, and shares sessions between two stores
 * over one database. Slow (a PostgreSQL starts, 800 committed appends): tagged {@code it}.
 */
@Tag("it")
class JdbcSessionStoreTest extends SessionStoreContractTest {
    static TestPostgres postgres;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private String schema = "";

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    /** Each test keeps its tables in a schema of its own: cheaper than a database each. */
    @Override
    protected SessionStore newStore() {
        schema = "test_" + SCHEMAS.incrementAndGet();
        return sameTables();
    }

    @Override
    protected SessionStore reopen(SessionStore closed) {
        return sameTables();
    }

    private JdbcSessionStore.Builder over() {
        return JdbcSessionStore.builder().jdbcUrl(postgres.jdbcUrl()).username("postgres").poolSize(4).schema(schema);
    }

    private SessionStore sameTables() {
        return over().build();
    }

    @Test
    void twoStoresOverOneDatabaseNumberOneSessionTogetherWithoutGaps() {
        try (SessionStore other = over().build()) {
            for (int i = 0; i < 10; i++) {
                store.append("task-1", "message", "a" + i);
                other.append("task-1", "message", "b" + i);
            }

            assertThat(other.eventsAfter("task-1", 0, 100)).extracting(SessionEvent::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
            assertThat(store.lastEvent("task-1")).isEqualTo(other.lastEvent("task-1"));
        }
    }

    @Test
    void aReaderOnAnotherStoreIsWokenByAnAppendLongBeforeItsPollInterval() throws Exception {
        try (SessionStore other = over()
                .pollInterval(Duration.ofMinutes(5)).build()) {
            other.append("task-1", "message", "first");
            CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
                try {
                    return other.awaitAppend("task-1", 1, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            // The waiter is registered before the append or reads it at once: either way it returns true.
            store.append("task-1", "message", "second");

            assertThat(woken.get(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void eventsOlderThanTheMaximumAgeAreNotReturned() {
        // Near the wall clock: the kit's store sweeps the same database by it.
        MutableClock clock = new MutableClock(Instant.now());
        try (SessionStore aging = over()
                .maxAge(Duration.ofMinutes(10)).clock(clock).build()) {
            aging.append("task-1", "message", "old");
            clock.advance(Duration.ofMinutes(6));
            aging.append("task-1", "message", "young");
            clock.advance(Duration.ofMinutes(5));

            assertThat(aging.eventsAfter("task-1", 0, 10)).extracting(SessionEvent::data).containsExactly("young");
            assertThat(aging.append("task-1", "message", "next").sequence()).isEqualTo(3);
        }
    }

    @Test
    void isDiscoverableThroughServiceLoaderAsJdbc() {
        ProviderConfig config = ProviderConfig.of(Map.of(JdbcSessionStoreProvider.JDBC_URL, postgres.jdbcUrl(), JdbcSessionStoreProvider.SCHEMA, schema,
                JdbcSessionStoreProvider.USERNAME, "postgres", JdbcSessionStoreProvider.POOL_SIZE, "2",
                EmbeddedSessionStoreProvider.MAX_AGE, "5m"));
        try (SessionStore discovered = ExtensionLoader.resolve(null, SessionStoreProvider.class, getClass().getClassLoader(),
                JdbcSessionStoreProvider.NAME, config)) {
            assertThat(discovered).isInstanceOf(JdbcSessionStore.class);
            discovered.append("task-9", "message", "x");
            assertThat(store.lastEvent("task-9")).isPresent();
        }
    }

    @Test
    void aMissingUrlIsAConfigurationError() {
        assertThatThrownBy(() -> new JdbcSessionStoreProvider().create(ProviderConfig.empty()))
                .isInstanceOf(ConfigurationException.class);
    }
}
