package dev.acf.gateway.session.jdbc;

import dev.acf.api.error.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session store's tables and their migration. Names carry an {@code acf_session} prefix so
 * the store can share a schema (and a database) with the registry and the host's own tables.
 *
 * <pre>
 * acf_session_schema      (version PK, applied_at)                         -- migrations applied
 * acf_sessions            (session_id PK, last_seq, touched_at)            -- per-session counter
 * acf_session_events      (session_id, seq, type, data, created_at; PK (session_id, seq))
 * acf_session_checkpoints (task_id PK, seq, state, created_at)
 * acf_session_links       (context_id, session_id, position, linked_at; PK (context_id, session_id))
 * </pre>
 */
final class SessionTables {
    /** The newest schema version this code knows. */
    static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SessionTables.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");
    /** An arbitrary constant key for the advisory lock that serializes migrations of all gateway instances. */
    private static final long MIGRATION_LOCK = 0x4143465345535331L;

    final String schemaTable;
    final String sessions;
    final String events;
    final String checkpoints;
    final String links;
    /** The {@code LISTEN/NOTIFY} channel appends are announced on (payload: the session id). */
    final String channel;
    private final @Nullable String schema;

    SessionTables(@Nullable String schema) {
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw new ConfigurationException("session database schema '" + schema
                    + "' must be a plain SQL identifier (letters, digits, underscore; at most 41)");
        }
        this.schema = schema == null ? null : schema.toLowerCase(Locale.ROOT);
        String prefix = this.schema == null ? "" : this.schema + ".";
        this.schemaTable = prefix + "acf_session_schema";
        this.sessions = prefix + "acf_sessions";
        this.events = prefix + "acf_session_events";
        this.checkpoints = prefix + "acf_session_checkpoints";
        this.links = prefix + "acf_session_links";
        this.channel = this.schema == null ? "acf_session_events" : this.schema + "_acf_session_events";
    }

    private List<String> version1() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + sessions + " ("
                        + "session_id TEXT NOT NULL PRIMARY KEY, "
                        + "last_seq BIGINT NOT NULL, "
                        + "touched_at TIMESTAMP WITH TIME ZONE NOT NULL)",
                "CREATE INDEX IF NOT EXISTS acf_sessions_by_touch ON " + sessions + " (touched_at)",
                "CREATE TABLE IF NOT EXISTS " + events + " ("
                        + "session_id TEXT NOT NULL, "
                        + "seq BIGINT NOT NULL, "
                        + "type TEXT NOT NULL, "
                        + "data TEXT NOT NULL, "
                        + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (session_id, seq))",
                "CREATE INDEX IF NOT EXISTS acf_session_events_by_age ON " + events + " (created_at)",
                "CREATE TABLE IF NOT EXISTS " + checkpoints + " ("
                        + "task_id TEXT NOT NULL PRIMARY KEY, "
                        + "seq BIGINT NOT NULL, "
                        + "state BYTEA NOT NULL, "
                        + "created_at TIMESTAMP WITH TIME ZONE NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + links + " ("
                        + "context_id TEXT NOT NULL, "
                        + "session_id TEXT NOT NULL, "
                        + "position BIGINT GENERATED ALWAYS AS IDENTITY, "
                        + "linked_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (context_id, session_id))",
                "CREATE INDEX IF NOT EXISTS acf_session_links_by_session ON " + links + " (session_id)");
    }

    /**
     * Brings the schema to {@link #VERSION} in one transaction; an advisory lock makes instances
     * that start together migrate one after the other.
     *
     * @throws ConfigurationException when the database holds a newer schema than this code knows
     */
    void migrate(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
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
                throw new ConfigurationException("the session database schema is at version " + current
                        + ", newer than this ACF knows (" + VERSION + "); upgrade ACF on this gateway");
            }
            if (current < 1) {
                for (String ddl : version1()) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO " + schemaTable + " (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)");
                LOG.info("Created the session tables (schema version 1){}", schema == null ? "" : " in schema " + schema);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Forgets a session's events, checkpoint, links and counter, in one transaction. */
    void remove(Connection c, String sessionId) throws SQLException {
        transaction(c, List.of("DELETE FROM " + events + " WHERE session_id = ?",
                "DELETE FROM " + checkpoints + " WHERE task_id = ?",
                "DELETE FROM " + links + " WHERE session_id = ?",
                "DELETE FROM " + sessions + " WHERE session_id = ?"), sessionId);
    }

    /** Drops events older than {@code cutoff}, and sessions untouched since then with their checkpoint and links. */
    void sweep(Connection c, OffsetDateTime cutoff) throws SQLException {
        String untouched = " NOT EXISTS (SELECT 1 FROM " + sessions + " s WHERE s.session_id = %s AND s.touched_at >= ?)";
        transaction(c, List.of("DELETE FROM " + events + " WHERE created_at < ?",
                "DELETE FROM " + checkpoints + " k WHERE k.created_at < ? AND" + untouched.formatted("k.task_id"),
                "DELETE FROM " + links + " l WHERE l.linked_at < ? AND" + untouched.formatted("l.session_id"),
                "DELETE FROM " + sessions + " WHERE touched_at < ?"), cutoff);
    }

    /** Runs the statements in one transaction, each with {@code value} for every parameter. */
    private static void transaction(Connection c, List<String> statements, Object value) throws SQLException {
        c.setAutoCommit(false);
        try {
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 1; i <= sql.chars().filter(ch -> ch == '?').count(); i++) {
                        ps.setObject(i, value);
                    }
                    ps.executeUpdate();
                }
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
