package dev.acf.gateway.session.jdbc;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.session.SessionStore;
import dev.acf.api.session.SessionStoreProvider;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.session.EmbeddedSessionStoreProvider;
import java.time.Duration;

/**
 * Provides the {@link JdbcSessionStore} under the name {@value #NAME}. Its priority (-10) is below
 * the embedded store's, because it needs settings: choose it by name (the gateway's
 * {@code sessionStore} setting). Settings: {@value #JDBC_URL} (required), {@value #USERNAME},
 * {@value #PASSWORD}, {@value #POOL_SIZE} (default 8), {@value #SCHEMA}, and the embedded store's
 * {@code session.maxEventsPerSession} (default 1000) and {@code session.maxAge} (default
 * {@code 1h}), plus {@value #POLL_INTERVAL} (default {@code 1s}). Stateless and thread-safe.
 *
 * <pre>{@code
 * GatewayServer.builder().config(ProviderConfig.of(Map.of("sessionStore", "jdbc",
 *         "session.jdbcUrl", "jdbc:postgresql://db.example.net/acf", "session.username", "gateway")))
 * }</pre>
 */
public final class JdbcSessionStoreProvider implements SessionStoreProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "jdbc";
    /** Setting: the JDBC URL of the PostgreSQL database (required). */
    public static final String JDBC_URL = "session.jdbcUrl";
    /** Setting: the database user. */
    public static final String USERNAME = "session.username";
    /** Setting: the database user's password. */
    public static final String PASSWORD = "session.password";
    /** Setting: pooled connections per gateway instance (one more is held for listening). */
    public static final String POOL_SIZE = "session.poolSize";
    /** Setting: the schema to keep the tables in (created when missing). */
    public static final String SCHEMA = "session.schema";
    /** Setting: how often a waiting reader looks at the database without a notification, such as {@code 500ms}. */
    public static final String POLL_INTERVAL = "session.pollInterval";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public JdbcSessionStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -10;
    }

    /**
     * Opens a pooled store from the settings.
     *
     * @throws ConfigurationException when {@value #JDBC_URL} is missing or the database cannot be used
     */
    @Override
    public SessionStore create(ProviderConfig config) {
        JdbcSessionStore.Builder b = JdbcSessionStore.builder()
                .jdbcUrl(config.require(JDBC_URL))
                .username(config.get(USERNAME).orElse(null))
                .password(config.get(PASSWORD).orElse(null))
                .schema(config.get(SCHEMA).orElse(null))
                .maxAge(config.durationValue(EmbeddedSessionStoreProvider.MAX_AGE, Duration.ofHours(1)))
                .pollInterval(config.durationValue(POLL_INTERVAL, Duration.ofSeconds(1)));
        try {
            b.poolSize(config.intValue(POOL_SIZE, 8)).maxEventsPerSession(config.intValue(EmbeddedSessionStoreProvider.MAX_EVENTS_PER_SESSION, 1000));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("session store setting: " + e.getMessage());
        }
        return b.build();
    }
}
