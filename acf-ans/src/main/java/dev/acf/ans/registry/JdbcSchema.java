package dev.acf.ans.registry;

import dev.acf.api.error.ConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store's tables and their migration. Table names carry an {@code acf_} prefix so
 * the registry can share a schema with the host's own tables.
 *
 * <pre>
 * acf_registry_schema (version, applied_at)                  -- migrations applied
 * acf_agents  (name PK, fqdn, major, minor, patch, revision, record, updated_at)
 * acf_changes (seq PK, name, type, revision, record, changed_at)  -- the change feed
 * acf_feed    (id PK = 1, last_seq)                            -- assigns seq in commit order
 * </pre>
 *
 * <p>Records are JSON in a {@code TEXT} column: portable, and the store never queries inside
 * them (the search index does that).
 */
final class JdbcSchema {
    /** The newest schema version this code knows. */
    static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** An arbitrary constant key for PostgreSQL's advisory lock that serializes migrations of all nodes. */
    private static final long MIGRATION_LOCK = 0x4143465245474931L;

    final String schemaTable;
    final String agents;
    final String changes;
    final String feed;
    private final @Nullable String schema;

    JdbcSchema(@Nullable String schema) {
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw new ConfigurationException("registry database schema '" + schema
                    + "' must be a plain SQL identifier (letters, digits, underscore; at most 63)");
        }
        this.schema = schema;
        String prefix = schema == null ? "" : schema + ".";
        this.schemaTable = prefix + "acf_registry_schema";
        this.agents = prefix + "acf_agents";
        this.changes = prefix + "acf_changes";
        this.feed = prefix + "acf_feed";
    }

    private List<String> version1() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + agents + " ("
                        + "name VARCHAR(600) NOT NULL PRIMARY KEY, "
                        + "fqdn VARCHAR(300) NOT NULL, "
                        + "major INTEGER NOT NULL, minor INTEGER NOT NULL, patch INTEGER NOT NULL, "
                        + "revision BIGINT NOT NULL, "
                        + "record TEXT NOT NULL, "
                        + "updated_at TIMESTAMP WITH TIME ZONE NOT NULL)",
                "CREATE INDEX IF NOT EXISTS acf_agents_by_fqdn ON " + agents + " (fqdn, major, minor, patch)",
                "CREATE TABLE IF NOT EXISTS " + changes + " ("
                        + "seq BIGINT NOT NULL PRIMARY KEY, "
                        + "name VARCHAR(600) NOT NULL, "
                        + "type VARCHAR(16) NOT NULL, "
                        + "revision BIGINT NOT NULL, "
                        + "record TEXT NOT NULL, "
                        + "changed_at TIMESTAMP WITH TIME ZONE NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + feed + " (id INTEGER NOT NULL PRIMARY KEY, last_seq BIGINT NOT NULL)",
                "INSERT INTO " + feed + " (id, last_seq) VALUES (1, 0)");
    }

    /**
     * Brings the schema to {@link #VERSION} in one transaction. On PostgreSQL an advisory lock
     * makes nodes that start together migrate one after the other (concurrent
     * {@code CREATE TABLE IF NOT EXISTS} can otherwise fail there).
     *
     * @throws ConfigurationException when the database holds a newer schema than this code knows
     */
    void migrate(Connection c) throws SQLException {
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            }
            if (schema != null) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + schemaTable
                    + " (version INTEGER NOT NULL PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            int current;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + schemaTable)) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > VERSION) {
                throw new ConfigurationException("the registry database schema is at version " + current
                        + ", newer than this ACF knows (" + VERSION + "); upgrade ACF on this node");
            }
            if (current < 1) {
                for (String ddl : version1()) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO " + schemaTable + " (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)");
                LOG.info("Created the registry tables (schema version 1){}", schema == null ? "" : " in schema " + schema);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
