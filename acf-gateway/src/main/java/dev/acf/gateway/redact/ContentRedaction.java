package dev.acf.gateway.redact;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.spi.ProviderConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's tiered content security settings (ANS-SEC-3): whether responses are redacted for
 * the caller's clearance and calls to agents classified above it refused (on by default), with
 * which {@link Redactor}, and the {@link Clearances} rules authentication applies. Immutable.
 *
 * <pre>{@code
 * GatewayServer.builder()
 *         .contentRedaction(ContentRedaction.defaults()
 *                 .withClearances(Clearances.parse(List.of("ans://*.noc.ops.example.net=CONFIDENTIAL"))))
 * }</pre>
 *
 * @param enabled whether the redaction filter runs
 * @param redactor the redactor; {@code null} for the default one, built when the gateway starts
 * @param clearances the clearance rules applied to authenticated callers (also when disabled)
 */
public record ContentRedaction(boolean enabled, @Nullable Redactor redactor, Clearances clearances) {
    /** Config key: {@code true} or {@code false}. */
    public static final String ENABLED = "redaction.enabled";
    /** Config key: clearance rules {@code PATTERN=LEVEL}, comma-separated. */
    public static final String CLEARANCES = "redaction.clearances";
    /** Config key: levels by kind {@code kind=LEVEL}, comma-separated, such as {@code ipv4=INTERNAL}. */
    public static final String LEVELS = "redaction.levels";

    /** Requires the clearances. */
    public ContentRedaction {
        Objects.requireNonNull(clearances, "clearances");
    }

    /** On, with the default redactor and no clearance rules. */
    public static ContentRedaction defaults() {
        return new ContentRedaction(true, null, Clearances.none());
    }

    /** Off: responses pass unredacted and agents' classifications are not enforced. */
    public static ContentRedaction disabled() {
        return new ContentRedaction(false, null, Clearances.none());
    }

    /** Returns a copy with another redactor. */
    public ContentRedaction withRedactor(Redactor value) {
        return new ContentRedaction(enabled, Objects.requireNonNull(value, "redactor"), clearances);
    }

    /** Returns a copy with other clearance rules. */
    public ContentRedaction withClearances(Clearances value) {
        return new ContentRedaction(enabled, redactor, value);
    }

    /**
     * Returns the settings of a configuration ({@value #ENABLED}, {@value #CLEARANCES},
     * {@value #LEVELS}), the given defaults for what it does not set.
     *
     * @throws ConfigurationException when a value is malformed
     */
    public static ContentRedaction fromConfig(ProviderConfig config, ContentRedaction defaults) {
        boolean on = config.booleanValue(ENABLED, defaults.enabled());
        Clearances rules = config.get(CLEARANCES).map(v -> Clearances.parse(list(v))).orElse(defaults.clearances());
        Redactor redactor = defaults.redactor();
        String levels = config.get(LEVELS).orElse(null);
        if (levels != null) {
            Redactor.Builder b = Redactor.builder().config(config);
            for (String entry : list(levels)) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigurationException("setting '" + LEVELS + "' takes kind=LEVEL entries, was '" + entry + "'");
                }
                try {
                    b.level(entry.substring(0, eq).trim(), ClassificationLevel.parse(entry.substring(eq + 1)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("setting '" + LEVELS + "': " + e.getMessage());
                }
            }
            redactor = b.build();
        }
        return new ContentRedaction(on, redactor, rules);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
