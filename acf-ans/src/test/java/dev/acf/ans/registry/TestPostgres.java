package dev.acf.ans.registry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * Starts a real PostgreSQL for tests (zonky's embedded binaries, PostgreSQL 18). Started as
 * root, zonky runs initdb and the server as user {@code nobody}, so no option is needed.
 */
final class TestPostgres {
    private TestPostgres() {}

    static EmbeddedPostgres start() throws IOException {
        // zonky turns synchronous_commit off for speed; a registry test wants a commit to mean durable, as in production.
        return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
    }
}
