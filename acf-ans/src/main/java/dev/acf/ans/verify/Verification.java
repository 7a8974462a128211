package dev.acf.ans.verify;

import dev.acf.api.error.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of capability verification (ANS-MON-3). Immutable; start from {@link #defaults()}.
 *
 * <pre>{@code
 * AnsServer.builder()...verification(Verification.defaults().gateway(URI.create("https://127.0.0.1:8443")).interval(Duration.ofHours(1)))
 * }</pre>
 *
 * @param enabled whether test cases are run at all (on by default; the trust endpoint answers either way)
 * @param gateway the gateway the probe calls through; {@code null} until {@link Verifier#connect} names one
 * @param interval how often every agent is verified again (default 6 h)
 * @param jitter the share of the interval each period varies by at random, 0-1 (default 0.2), so a fleet is not probed all at once
 * @param callsPerSecond the most probe calls per second, over all agents (default 5)
 * @param callTimeout how long one probe call may take (default 10 s)
 */
public record Verification(boolean enabled, @Nullable URI gateway, Duration interval, double jitter, double callsPerSecond,
        Duration callTimeout) {
    private static final Verification DEFAULTS = new Verification(true, null, Duration.ofHours(6), 0.2, 5, Duration.ofSeconds(10));

    /** Validates the values. */
    public Verification {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("verification interval must be at least 1 s, was " + interval);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new ConfigurationException("verification jitter must be 0-1, was " + jitter);
        }
        if (!(callsPerSecond > 0 && callsPerSecond <= 1000)) {
            throw new ConfigurationException("verification callsPerSecond must be in (0, 1000], was " + callsPerSecond);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new ConfigurationException("verification callTimeout must be positive, was " + callTimeout);
        }
    }

    /** Returns the defaults: on, no gateway yet, every 6 h with 20 % jitter, 5 calls/s, 10 s per call. */
    public static Verification defaults() {
        return DEFAULTS;
    }

    /** Returns a copy turned on or off. */
    public Verification enabled(boolean value) {
        return new Verification(value, gateway, interval, jitter, callsPerSecond, callTimeout);
    }

    /** Returns a copy calling through this gateway ({@code https://host:port}). */
    public Verification gateway(URI value) {
        return new Verification(enabled, Objects.requireNonNull(value, "gateway"), interval, jitter, callsPerSecond, callTimeout);
    }

    /** Returns a copy with another period. */
    public Verification interval(Duration value) {
        return new Verification(enabled, gateway, value, jitter, callsPerSecond, callTimeout);
    }

    /** Returns a copy with another jitter. */
    public Verification jitter(double value) {
        return new Verification(enabled, gateway, interval, value, callsPerSecond, callTimeout);
    }

    /** Returns a copy with another rate limit. */
    public Verification callsPerSecond(double value) {
        return new Verification(enabled, gateway, interval, jitter, value, callTimeout);
    }

    /** Returns a copy with another call timeout. */
    public Verification callTimeout(Duration value) {
        return new Verification(enabled, gateway, interval, jitter, callsPerSecond, value);
    }
}
