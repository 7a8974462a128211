package dev.acf.gateway.session;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.session.SessionStore;
import dev.acf.api.session.SessionStoreProvider;
import dev.acf.api.spi.ProviderConfig;
import java.time.Duration;

/**
 * Provides the {@link EmbeddedSessionStore} under the name {@value #NAME}, priority 0 (a
 * discovered store with a higher priority, such as a database-backed one, replaces it). Settings:
 * {@value #DIRECTORY} (keeps sessions in a file there; default memory only),
 * {@value #MAX_EVENTS_PER_SESSION} (default 1000), {@value #MAX_AGE} (default {@code 1h}),
 * {@value #MAX_BYTES} (default 64 MiB), {@value #MAX_SESSIONS} (default 10000) and
 * {@value #FSYNC} (default false).
 */
public final class EmbeddedSessionStoreProvider implements SessionStoreProvider {
    /** The provider's name. */
    public static final String NAME = "embedded";
    /** The configuration key of the directory holding {@code sessions.log}. */
    public static final String DIRECTORY = "session.directory";
    /** The configuration key of the number of newest events kept per session. */
    public static final String MAX_EVENTS_PER_SESSION = "session.maxEventsPerSession";
    /** The configuration key of the age after which events and idle sessions are dropped, such as {@code 30m}. */
    public static final String MAX_AGE = "session.maxAge";
    /** The configuration key of the bound on all events' size, in bytes. */
    public static final String MAX_BYTES = "session.maxBytes";
    /** The configuration key of the number of sessions kept. */
    public static final String MAX_SESSIONS = "session.maxSessions";
    /** The configuration key forcing each write to the disk ({@code true}/{@code false}). */
    public static final String FSYNC = "session.fsync";

    /** For {@link java.util.ServiceLoader}. */
    public EmbeddedSessionStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SessionStore create(ProviderConfig config) {
        EmbeddedSessionStore.Builder b = EmbeddedSessionStore.builder()
                .maxEventsPerSession(config.intValue(MAX_EVENTS_PER_SESSION, 1000))
                .maxAge(config.durationValue(MAX_AGE, Duration.ofHours(1)))
                .maxSessions(config.intValue(MAX_SESSIONS, 10_000))
                .fsync(config.booleanValue(FSYNC, false));
        config.get(MAX_BYTES).ifPresent(v -> {
            try {
                b.maxBytes(Long.parseLong(v.trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("setting '" + MAX_BYTES + "' must be a positive whole number of bytes, was '" + v + "'");
            }
        });
        config.path(DIRECTORY).ifPresent(b::directory);
        return b.build();
    }
}
