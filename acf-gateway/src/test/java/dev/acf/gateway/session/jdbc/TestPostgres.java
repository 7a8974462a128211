package dev.acf.gateway.session.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A real PostgreSQL for tests (zonky's embedded binaries, PostgreSQL 18), one per test class.
 * Started as root, zonky
 * runs initdb and the server as user {@code nobody}, so no option is needed.
 */
public final class TestPostgres implements AutoCloseable {
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

    /** Returns the JDBC URL of the server's {@code postgres} database (user {@code postgres}), for stores that pool their own connections. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
