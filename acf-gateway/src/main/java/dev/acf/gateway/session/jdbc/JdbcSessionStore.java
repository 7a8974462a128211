package dev.acf.gateway.session.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionEvent;
import dev.acf.api.session.SessionStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} in PostgreSQL, shared by several gateway instances (GW-SCALE-1, REL-3):
 * a client whose gateway dies resumes its stream through another one, which finds every event,
 * checkpoint and context link here. Plain JDBC over a HikariCP pool; the PostgreSQL driver and
 * HikariCP must be on the class path.
 *
 * <h2>Sequences</h2>
 * An append is one statement: an upsert of the session's counter row ({@code last_seq + 1}), the
 * event row with that number and a {@code pg_notify}. The counter's row lock is held until commit,
 * so the next append to the session gets its number only after the previous one committed: numbers
 * are gap-free and become visible in order, on any number of instances. A reader that has seen
 * event {@code n} therefore never misses {@code n + 1} by reading past it, which is what
 * {@code Last-Event-ID} needs. Appends to different sessions do not wait for each other.
 *
 * <h2>Readers on other instances</h2>
 * Every append notifies the channel {@code acf_session_events} with the session id; each store
 * listens on one dedicated connection and wakes {@link #awaitAppend} callers at once. They also
 * look at the table every poll interval, so a lost notification or listener only delays them.
 *
 * <h2>Retention</h2>
 * The newest {@code maxEventsPerSession} events of a session are kept (older ones are trimmed every
 * 64 appends); events older than {@code maxAge} are dropped, and so is a session untouched for
 * that long, with its checkpoint and context links. Each instance sweeps about every quarter of
 * {@code maxAge} (at most a minute apart).
 *
 * <p>Thread-safe; calls block on the database (keep them off event loops). {@link #close()} stops
 * listening and closes the pool this store created (not a data source passed in); idempotent.
 *
 * <pre>{@code
 * SessionStore store = JdbcSessionStore.builder()
 *         .jdbcUrl("jdbc:postgresql://db.example.net:5432/acf").username("gateway").password(secret)
 *         .build();
 * GatewayServer a = GatewayServer.builder().sessionStore(store)...build().start();
 * }</pre>
 */
public final class JdbcSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSessionStore.class);
    /** Counter rows are trimmed of old events when their number is a multiple of this. */
    private static final int TRIM_EVERY = 64;
    /** The largest session id announced by name; a longer one wakes every waiter (NOTIFY payloads stop at 8000 bytes). */
    private static final int MAX_PAYLOAD_BYTES = 4000;

    private final DataSource dataSource;
    private final @Nullable HikariDataSource ownedPool;
    private final SessionTables tables;
    private final Clock clock;
    private final int maxEventsPerSession;
    private final Duration maxAge;
    private final long pollMillis;
    private final AppendSignals signals;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String appendSql;

    private JdbcSessionStore(Builder b, DataSource dataSource, @Nullable HikariDataSource ownedPool) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.tables = new SessionTables(b.schema);
        this.clock = b.clock;
        this.maxEventsPerSession = b.maxEventsPerSession;
        this.maxAge = b.maxAge;
        this.pollMillis = b.pollInterval.toMillis();
        this.appendSql = "WITH counter AS ("
                + "INSERT INTO " + tables.sessions + " AS s (session_id, last_seq, touched_at) VALUES (?, 1, ?) "
                + "ON CONFLICT (session_id) DO UPDATE SET last_seq = s.last_seq + 1, touched_at = EXCLUDED.touched_at "
                + "RETURNING last_seq), stored AS ("
                + "INSERT INTO " + tables.events + " (session_id, seq, type, data, created_at) "
                + "SELECT ?, last_seq, ?, ?, ? FROM counter RETURNING seq) "
                + "SELECT seq, pg_notify(?, ?) FROM stored";
        try (Connection c = dataSource.getConnection()) {
            tables.migrate(c);
        } catch (SQLException e) {
            closePool();
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot prepare the session tables: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closePool();
            throw e;
        }
        long sweepMillis = Math.max(1_000, Math.min(maxAge.toMillis() / 4, 60_000));
        this.signals = new AppendSignals(dataSource, tables.channel, this::sweep, sweepMillis);
    }

    /** Returns a builder: a JDBC URL or a data source is required; 1,000 events per session, 1 hour, 1 s polling by default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SessionEvent append(String sessionId, String type, String data) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        checkOpen();
        Instant now = now();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        boolean named = sessionId.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES;
        long seq;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(appendSql)) {
            ps.setString(1, sessionId);
            ps.setObject(2, at);
            ps.setString(3, sessionId);
            ps.setString(4, type);
            ps.setString(5, data);
            ps.setObject(6, at);
            ps.setString(7, tables.channel);
            ps.setString(8, named ? sessionId : "");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            if (seq % TRIM_EVERY == 0 && seq > maxEventsPerSession) {
                try (PreparedStatement trim = c.prepareStatement("DELETE FROM " + tables.events + " WHERE session_id = ? AND seq <= ?")) {
                    trim.setString(1, sessionId);
                    trim.setLong(2, seq - maxEventsPerSession);
                    trim.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw unavailable("appending to session " + sessionId, e);
        }
        signals.signal(sessionId);
        return new SessionEvent(sessionId, seq, type, data, now);
    }

    @Override
    public List<SessionEvent> eventsAfter(String sessionId, long afterSequence, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return events("SELECT seq, type, data, created_at FROM " + tables.events
                + " WHERE session_id = ? AND seq > ? AND created_at >= ? ORDER BY seq LIMIT ?", sessionId, afterSequence, limit);
    }

    @Override
    public Optional<SessionEvent> lastEvent(String sessionId) {
        return events("SELECT seq, type, data, created_at FROM " + tables.events
                + " WHERE session_id = ? AND seq > ? AND created_at >= ? ORDER BY seq DESC LIMIT ?", sessionId, 0, 1)
                .stream().findFirst();
    }

    /**
     * {@inheritDoc} Wakes on appends of every instance sharing the database (by notification,
     * else by polling).
     */
    @Override
    public boolean awaitAppend(String sessionId, long afterSequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AppendSignals.Signal signal = signals.join(sessionId);
        try {
            while (true) {
                long seen = signal.version();
                if (!eventsAfter(sessionId, afterSequence, 1).isEmpty()) {
                    return true;
                }
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0 || closed.get()) {
                    return false;
                }
                signal.await(seen, Math.min(left, pollMillis));
            }
        } finally {
            signals.leave(sessionId, signal);
        }
    }

    @Override
    public void link(String contextId, String sessionId) {
        Objects.requireNonNull(contextId, "contextId");
        Objects.requireNonNull(sessionId, "sessionId");
        update("INSERT INTO " + tables.links + " (context_id, session_id, linked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                "linking session " + sessionId, contextId, sessionId, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
    }

    @Override
    public List<String> sessions(String contextId) {
        checkOpen();
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT session_id FROM " + tables.links + " WHERE context_id = ? ORDER BY position")) {
            ps.setString(1, contextId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw unavailable("reading context " + contextId, e);
        }
        return found;
    }

    @Override
    public boolean checkpoint(Checkpoint checkpoint) {
        Instant time = checkpoint.time().truncatedTo(ChronoUnit.MICROS);
        return update("INSERT INTO " + tables.checkpoints + " AS k (task_id, seq, state, created_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (task_id) DO UPDATE SET seq = EXCLUDED.seq, state = EXCLUDED.state, created_at = EXCLUDED.created_at "
                + "WHERE k.seq < EXCLUDED.seq", "checkpointing task " + checkpoint.taskId(),
                checkpoint.taskId(), checkpoint.sequence(), checkpoint.state(), OffsetDateTime.ofInstant(time, ZoneOffset.UTC)) == 1;
    }

    @Override
    public Optional<Checkpoint> lastCheckpoint(String taskId) {
        checkOpen();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq, state, created_at FROM " + tables.checkpoints + " WHERE task_id = ? AND created_at >= ?")) {
            ps.setString(1, taskId);
            ps.setObject(2, cutoff());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Checkpoint(taskId, rs.getLong(1), rs.getBytes(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw unavailable("reading the checkpoint of task " + taskId, e);
        }
    }

    @Override
    public void remove(String sessionId) {
        checkOpen();
        try (Connection c = dataSource.getConnection()) {
            tables.remove(c, sessionId);
        } catch (SQLException e) {
            throw unavailable("removing session " + sessionId, e);
        }
    }

    /** Stops listening and closes the pool this store created; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            signals.close();
            closePool();
        }
    }

    @Override
    public String toString() {
        return "JdbcSessionStore[" + tables.events + "]";
    }

    /** Drops what {@code maxAge} no longer keeps; run by the listener thread. */
    private void sweep() {
        if (closed.get()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            tables.sweep(c, cutoff());
        } catch (SQLException e) {
            LOG.debug("session store: the retention sweep is put off: {}", e.getMessage());
        }
    }

    private List<SessionEvent> events(String sql, String sessionId, long afterSequence, int limit) {
        checkOpen();
        List<SessionEvent> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, sessionId);
            ps.setLong(2, afterSequence);
            ps.setObject(3, cutoff());
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new SessionEvent(sessionId, rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw unavailable("reading session " + sessionId, e);
        }
        return found;
    }

    private int update(String sql, String what, Object... parameters) {
        checkOpen();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    private Instant now() {
        // PostgreSQL keeps microseconds: an event read back equals the one append returned.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private OffsetDateTime cutoff() {
        return OffsetDateTime.ofInstant(now().minus(maxAge), ZoneOffset.UTC);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("session store closed");
        }
    }

    private void closePool() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    private static UnavailableException unavailable(String what, SQLException e) {
        return new UnavailableException(ErrorCode.UNAVAILABLE, "session database failed while " + what + ": " + e.getMessage(), e);
    }

    /** Configures a {@link JdbcSessionStore}; not thread-safe. */
    public static final class Builder {
        private @Nullable String jdbcUrl;
        private @Nullable String username;
        private @Nullable String password;
        private @Nullable DataSource dataSource;
        private int poolSize = 8;
        private @Nullable String schema;
        private int maxEventsPerSession = 1000;
        private Duration maxAge = Duration.ofHours(1);
        private Duration pollInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The database, such as {@code jdbc:postgresql://db.example.net:5432/acf}; the store pools its connections. */
        public Builder jdbcUrl(String value) {
            jdbcUrl = Objects.requireNonNull(value, "jdbcUrl");
            return this;
        }

        /** The database user, with {@link #jdbcUrl}. */
        public Builder username(@Nullable String value) {
            username = value;
            return this;
        }

        /** The database user's password, with {@link #jdbcUrl}. */
        public Builder password(@Nullable String value) {
            password = value;
            return this;
        }

        /** A data source the host manages and closes, instead of {@link #jdbcUrl}; it lends one connection for good (the listener). */
        public Builder dataSource(DataSource value) {
            dataSource = Objects.requireNonNull(value, "dataSource");
            return this;
        }

        /** Pooled connections per gateway instance, with {@link #jdbcUrl}; default 8, plus the listener's. */
        public Builder poolSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("poolSize must be at least 1, was " + value);
            }
            poolSize = value;
            return this;
        }

        /** A schema to keep the tables in, created when missing; default the connection's ({@code public}). */
        public Builder schema(@Nullable String value) {
            schema = value;
            return this;
        }

        /** Keeps at most about this many of each session's newest events; default 1,000. */
        public Builder maxEventsPerSession(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxEventsPerSession must be positive, was " + value);
            }
            maxEventsPerSession = value;
            return this;
        }

        /** Drops events older than this, and sessions untouched for this long; default 1 hour. */
        public Builder maxAge(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, was " + value);
            }
            maxAge = value;
            return this;
        }

        /** How often a waiting reader looks at the database when no notification woke it; default 1 second. */
        public Builder pollInterval(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive, was " + value);
            }
            pollInterval = value;
            return this;
        }

        /** Sets the clock event times and ages are measured with; default the system clock. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Connects, creates the tables when missing and starts listening.
         *
         * @throws ConfigurationException when neither a URL nor a data source is given, or the database cannot be reached or prepared
         */
        public JdbcSessionStore build() {
            if (dataSource != null) {
                return new JdbcSessionStore(this, dataSource, null);
            }
            if (jdbcUrl == null) {
                throw new ConfigurationException("the jdbc session store needs a JDBC URL or a data source");
            }
            HikariConfig hikari = new HikariConfig();
            hikari.setJdbcUrl(jdbcUrl);
            hikari.setUsername(username);
            hikari.setPassword(password);
            // The listener holds one connection for good.
            hikari.setMaximumPoolSize(poolSize + 1);
            hikari.setPoolName("acf-sessions");
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(hikari);
            } catch (RuntimeException e) {
                // The URL's query may hold credentials: name only the part before it.
                throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot connect to the session database "
                        + jdbcUrl.replaceFirst("\\?.*", "") + ": " + rootMessage(e), e);
            }
            return new JdbcSessionStore(this, pool, pool);
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return String.valueOf(root.getMessage());
        }
    }
}
