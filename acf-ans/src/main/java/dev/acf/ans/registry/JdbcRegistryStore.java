package dev.acf.ans.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.spi.ProviderConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RegistryStore} in a relational database, so that several ANS nodes share one
 * registry (ANS-REG-3); proven on PostgreSQL, plain JDBC over a HikariCP pool.
 *
 * <h2>Pointing it at an existing PostgreSQL</h2>
 * Put the PostgreSQL JDBC driver ({@code org.postgresql:postgresql}) on the class path and
 * choose the provider {@code jdbc} ({@link JdbcRegistryStoreProvider}) with these settings:
 * <ul>
 *   <li>{@value #JDBC_URL} (required), e.g. {@code jdbc:postgresql://db.example.net:5432/ans};</li>
 *   <li>{@value #USERNAME} and {@value #PASSWORD} (optional when the URL or the server's
 *       authentication needs none);</li>
 *   <li>{@value #POOL_SIZE}: connections per ANS node, default {@value #DEFAULT_POOL_SIZE}; the
 *       database must accept {@code nodes x poolSize} connections;</li>
 *   <li>{@value #SCHEMA}: a schema to keep the tables in, created when missing (default: the
 *       connection's default schema, usually {@code public}).</li>
 * </ul>
 * On start the store migrates the schema itself: it creates its tables
 * ({@code acf_registry_schema}, {@code acf_agents}, {@code acf_changes}, {@code acf_feed}) when
 * they are missing and records the schema version; nodes starting together take turns. The
 * database user therefore needs the right to create tables (and the schema, if named) on first
 * start, then only to read and write them. A database with a newer schema than this ACF knows is
 * refused.
 *
 * <h2>Writes and the change feed</h2>
 * A {@code put} is one transaction: a conditional insert ({@code ON CONFLICT DO NOTHING}) or an
 * update guarded by {@code revision = expected} (zero rows means a conflict), then one row in
 * the change feed. Feed positions come from a one-row counter incremented in the same
 * transaction ({@code UPDATE acf_feed ... RETURNING}), not from a sequence or identity column:
 * a sequence hands out numbers before commit, so a reader could see change 11 committed while
 * 10 is still in flight, move its cursor past 10 and never see it. The counter's row lock is
 * held until commit, so the next writer gets its position only after the previous one
 * committed (or rolled back, giving the number back): positions are gap-free and in commit
 * order, on any number of nodes. The price is that puts commit one at a time; the counter is
 * taken last in the transaction to keep that window short (one round trip plus the commit).
 *
 * <p>Thread-safe. {@link #close()} closes the pool this store created (not a data source
 * passed in) and is idempotent.
 *
 * <pre>{@code
 * RegistryStore store = JdbcRegistryStore.open(ProviderConfig.of(Map.of(
 *         JdbcRegistryStore.JDBC_URL, "jdbc:postgresql://db.example.net:5432/ans",
 *         JdbcRegistryStore.USERNAME, "ans", JdbcRegistryStore.PASSWORD, secret,
 *         JdbcRegistryStore.POOL_SIZE, "16")));
 * }</pre>
 */
public final class JdbcRegistryStore implements RegistryStore {
    /** Setting: the JDBC URL of the database (required). */
    public static final String JDBC_URL = "jdbcUrl";
    /** Setting: the database user. */
    public static final String USERNAME = "username";
    /** Setting: the database user's password. */
    public static final String PASSWORD = "password";
    /** Setting: the maximum number of pooled connections. */
    public static final String POOL_SIZE = "poolSize";
    /** Setting: the schema to keep the tables in (created when missing). */
    public static final String SCHEMA = "schema";
    /** The pool size when {@value #POOL_SIZE} is not set. */
    public static final int DEFAULT_POOL_SIZE = 8;

    private final DataSource dataSource;
    private final @Nullable HikariDataSource ownedPool;
    private final JdbcSchema tables;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcRegistryStore(DataSource dataSource, @Nullable HikariDataSource ownedPool, @Nullable String schema, Clock clock) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.tables = new JdbcSchema(schema);
        this.clock = clock;
        try (Connection c = dataSource.getConnection()) {
            tables.migrate(c);
        } catch (SQLException e) {
            close();
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot prepare the registry tables: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Creates a connection pool from the settings (see the class comment), migrates the schema
     * and returns the store, which owns the pool.
     *
     * @throws ConfigurationException when a setting is missing or bad, or the database cannot be reached or prepared
     */
    public static JdbcRegistryStore open(ProviderConfig config) {
        Objects.requireNonNull(config, "config");
        String url = config.require(JDBC_URL);
        int poolSize = config.intValue(POOL_SIZE, DEFAULT_POOL_SIZE);
        if (poolSize < 1) {
            throw new ConfigurationException("setting '" + POOL_SIZE + "' must be at least 1, was " + poolSize);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        config.get(USERNAME).ifPresent(hikari::setUsername);
        config.get(PASSWORD).ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setPoolName("acf-registry");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            // The URL's query may hold credentials: name only the part before it.
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot connect to the registry database "
                    + url.replaceFirst("\\?.*", "") + ": " + rootMessage(e), e);
        }
        return new JdbcRegistryStore(pool, pool, config.get(SCHEMA).orElse(null), Clock.systemUTC());
    }

    /**
     * Returns a store over a data source the host manages (and closes), with its tables in
     * {@code schema} or the connection's default schema; migrates the schema first.
     *
     * @throws ConfigurationException when the tables cannot be prepared
     */
    public static JdbcRegistryStore open(DataSource dataSource, @Nullable String schema) {
        return new JdbcRegistryStore(Objects.requireNonNull(dataSource, "dataSource"), null, schema, Clock.systemUTC());
    }

    @Override
    public Optional<StoredAgent> find(AgentName name) {
        if (!name.hasVersion()) {
            throw new IllegalArgumentException("find needs a versioned name, was " + name + "; use versions()");
        }
        List<StoredAgent> found = query("SELECT record, revision FROM " + tables.agents + " WHERE name = ?",
                ps -> ps.setString(1, name.toString()), JdbcRegistryStore::storedAgent);
        return found.stream().findFirst();
    }

    @Override
    public List<StoredAgent> versions(AgentName name) {
        return query("SELECT record, revision FROM " + tables.agents + " WHERE fqdn = ? ORDER BY major, minor, patch",
                ps -> ps.setString(1, name.fqdn()), JdbcRegistryStore::storedAgent);
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnavailableException when the database cannot be reached or the commit's outcome is unknown
     */
    @Override
    public Revision put(AgentRecord record, Revision expected) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(expected, "expected");
        String json = AcfJson.writeString(record);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        Revision next = expected.next();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!writeAgent(c, record, expected, next, json, now)) {
                    Revision actual = currentRevision(c, record.name());
                    c.rollback();
                    throw EmbeddedRegistryStore.conflict(record.name(), actual, expected);
                }
                long seq;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + tables.feed + " SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq");
                        ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("the registry feed counter row is missing from " + tables.feed);
                    }
                    seq = rs.getLong(1);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.changes
                        + " (seq, name, type, revision, record, changed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, seq);
                    ps.setString(2, record.name().toString());
                    ps.setString(3, expected.equals(Revision.NONE) ? Change.Type.CREATED.name() : Change.Type.UPDATED.name());
                    ps.setLong(4, next.value());
                    ps.setString(5, json);
                    ps.setObject(6, now);
                    ps.executeUpdate();
                }
                c.commit();
                return next;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw unavailable("writing " + record.name(), e);
        }
    }

    @Override
    public List<Change> changesSince(Cursor cursor, int limit) {
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return query("SELECT seq, type, revision, record, changed_at FROM " + tables.changes
                        + " WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY",
                ps -> {
                    ps.setLong(1, cursor.position());
                    ps.setInt(2, limit);
                },
                rs -> new Change(new Cursor(rs.getLong(1)), Change.Type.valueOf(rs.getString(2)),
                        new StoredAgent(AcfJson.read(rs.getString(4), AgentRecord.class), new Revision(rs.getLong(3))),
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
    }

    @Override
    public Cursor head() {
        return new Cursor(query("SELECT last_seq FROM " + tables.feed + " WHERE id = 1", ps -> {}, rs -> rs.getLong(1)).get(0));
    }

    @Override
    public long count() {
        return query("SELECT COUNT(*) FROM " + tables.agents, ps -> {}, rs -> rs.getLong(1)).get(0);
    }

    /** {@inheritDoc} The stream holds a connection and a server-side cursor until closed. */
    @Override
    public Stream<StoredAgent> scan() {
        try {
            return JdbcScan.open(dataSource, "SELECT record, revision FROM " + tables.agents, JdbcRegistryStore::storedAgent);
        } catch (SQLException e) {
            throw unavailable("scanning the registry", e);
        }
    }

    /** Closes the pool if this store created it. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcRegistryStore[" + tables.agents + "]";
    }

    /** Inserts (expected NONE) or updates (guarded by the expected revision); false when nothing matched. */
    private boolean writeAgent(Connection c, AgentRecord record, Revision expected, Revision next, String json, OffsetDateTime now)
            throws SQLException {
        if (expected.equals(Revision.NONE)) {
            // ON CONFLICT DO NOTHING (PostgreSQL, SQLite): a duplicate must not abort the transaction.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.agents
                    + " (name, fqdn, major, minor, patch, revision, record, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, record.name().toString());
                ps.setString(2, record.name().fqdn());
                ps.setInt(3, record.version().major());
                ps.setInt(4, record.version().minor());
                ps.setInt(5, record.version().patch());
                ps.setLong(6, next.value());
                ps.setString(7, json);
                ps.setObject(8, now);
                return ps.executeUpdate() == 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.agents
                + " SET revision = ?, record = ?, updated_at = ? WHERE name = ? AND revision = ?")) {
            ps.setLong(1, next.value());
            ps.setString(2, json);
            ps.setObject(3, now);
            ps.setString(4, record.name().toString());
            ps.setLong(5, expected.value());
            return ps.executeUpdate() == 1;
        }
    }

    private Revision currentRevision(Connection c, AgentName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM " + tables.agents + " WHERE name = ?")) {
            ps.setString(1, name.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Revision(rs.getLong(1)) : Revision.NONE;
            }
        }
    }

    static StoredAgent storedAgent(ResultSet rs) throws SQLException {
        return new StoredAgent(AcfJson.read(rs.getString(1), AgentRecord.class), new Revision(rs.getLong(2)));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, JdbcScan.RowReader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw unavailable("reading the registry", e);
        }
    }

    /** Hands the connection back as the pool lent it; a broken one is discarded by the pool anyway. */
    static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the original failure, if any, is the one to report
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the server rolls back
        }
    }

    static UnavailableException unavailable(String what, SQLException e) {
        return new UnavailableException(ErrorCode.UNAVAILABLE, "registry database failed while " + what + ": " + e.getMessage(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
