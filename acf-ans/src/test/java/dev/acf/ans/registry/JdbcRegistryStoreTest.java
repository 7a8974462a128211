package dev.acf.ans.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.RegistryStoreContractTest;
import dev.acf.api.registry.RegistryStoreProvider;
import dev.acf.api.registry.Revision;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.testkit.SampleAgents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcRegistryStoreTest extends RegistryStoreContractTest {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private String schema;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    static ProviderConfig config(EmbeddedPostgres pg, String schema) {
        return ProviderConfig.of(Map.of(
                JdbcRegistryStore.JDBC_URL, pg.getJdbcUrl("postgres", "postgres"),
                JdbcRegistryStore.USERNAME, "postgres",
                JdbcRegistryStore.POOL_SIZE, "4",
                JdbcRegistryStore.SCHEMA, schema));
    }

    @Override
    protected RegistryStore newStore() {
        schema = "registry_" + SCHEMAS.incrementAndGet();
        return JdbcRegistryStore.open(config(postgres, schema));
    }

    @Override
    protected RegistryStore reopen(RegistryStore closed) {
        return JdbcRegistryStore.open(config(postgres, schema));
    }

    @Test
    void twoNodesOnOneDatabaseKeepAGapFreeOrderedFeedThatAFollowerNeverSkips() throws Exception {
        int perWriter = 60;
        try (RegistryStore other = JdbcRegistryStore.open(config(postgres, schema))) {
            List<RegistryStore> nodes = List.of(store, other, store, other);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Change> followed = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(nodes.size() + 1);
            try {
                // A follower pages the feed while the writers commit; with positions handed out
                // before commit it would step over one still in flight and never see it.
                Future<?> follower = pool.submit(() -> {
                    Cursor cursor = Cursor.START;
                    while (writing.get() || cursor.compareTo(other.head()) < 0) {
                        List<Change> page = other.changesSince(cursor, 7);
                        if (!page.isEmpty()) {
                            followed.addAll(page);
                            cursor = page.get(page.size() - 1).cursor();
                        }
                    }
                    return null;
                });
                List<Callable<Void>> writers = new ArrayList<>();
                for (int w = 0; w < nodes.size(); w++) {
                    RegistryStore node = nodes.get(w);
                    int writer = w;
                    writers.add(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            node.put(SampleAgents.record("ans://v1.0.0.n" + writer + "-" + i + ".ops.example.net"), Revision.NONE);
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(writers)) {
                    f.get();
                }
                writing.set(false);
                follower.get();
            } finally {
                pool.shutdownNow();
            }

            int total = nodes.size() * perWriter;
            long[] expected = LongStream.rangeClosed(1, total).toArray();
            assertThat(store.changesSince(Cursor.START, total + 10)).extracting(c -> c.cursor().position())
                    .containsExactly(LongStream.of(expected).boxed().toArray(Long[]::new));
            assertThat(followed).extracting(c -> c.cursor().position())
                    .containsExactly(LongStream.of(expected).boxed().toArray(Long[]::new));
            assertThat(other.count()).isEqualTo(total);
        }
    }

    @Test
    void storesInDifferentSchemasAreIndependent() {
        store.put(SampleAgents.record("ans://v1.0.0.a1.ops.example.net"), Revision.NONE);

        try (RegistryStore elsewhere = JdbcRegistryStore.open(config(postgres, schema + "_other"))) {
            assertThat(elsewhere.count()).isZero();
            assertThat(elsewhere.head()).isEqualTo(Cursor.START);
        }
    }

    @Test
    void aNewerSchemaVersionIsRefused() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".acf_registry_schema (version, applied_at) VALUES (99, CURRENT_TIMESTAMP)");
        }

        assertThatThrownBy(() -> JdbcRegistryStore.open(config(postgres, schema)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void anUnreachableDatabaseFailsAsConfigurationWithoutCredentialsInTheMessage() {
        ProviderConfig bad = ProviderConfig.of(Map.of(JdbcRegistryStore.JDBC_URL,
                "jdbc:postgresql://127.0.0.1:1/none?password=s3cret&connectTimeout=1"));

        assertThatThrownBy(() -> JdbcRegistryStore.open(bad))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot connect to the registry database jdbc:postgresql://127.0.0.1:1/none")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aSchemaNameThatIsNotAnIdentifierIsRefused() {
        assertThatThrownBy(() -> JdbcRegistryStore.open(config(postgres, "x; DROP TABLE y")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("plain SQL identifier");
    }

    @Test
    void isFoundByNameJdbcWithItsSettings() {
        RegistryStore discovered = ExtensionLoader.resolve(null, RegistryStoreProvider.class, getClass().getClassLoader(),
                JdbcRegistryStoreProvider.NAME, config(postgres, schema));
        try (discovered) {
            assertThat(discovered).isInstanceOf(JdbcRegistryStore.class);
            assertThat(discovered.count()).isZero();
        }
    }
}
