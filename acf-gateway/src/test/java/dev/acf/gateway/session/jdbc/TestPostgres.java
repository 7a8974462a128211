package dev.acf.gateway.session.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for tests (zonky's embedded binaries, PostgreSQL 18), one per test class;
 * {@link #freshDatabase()} gives each test an empty database of its own. Started as root, zonky
 * runs initdb and the server as user {@code nobody}, so no option is needed.
 */
public final class TestPostgres implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final EmbeddedPostgres postgres;

    private TestPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server. */
    public static TestPostgres start() {
        try {
            // zonky turns synchronous_commit off for speed; a session test wants a commit to mean durable, as in production.
            return new TestPostgres(EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an empty database and returns its name. */
    public String freshDatabase() {
        String name = "sessions_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** Returns an unpooled data source of a database. */
    public DataSource dataSource(String database) {
        return postgres.getDatabase("postgres", database);
    }

    /** Returns the JDBC URL of a database, for stores that pool their own connections. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
