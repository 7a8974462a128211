package dev.acf.api.spi;

import dev.acf.api.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings an {@link ExtensionProvider} creates its instance from: string properties
 * with typed accessors that fail with a {@link ConfigurationException} naming the key.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * ProviderConfig config = ProviderConfig.of(Map.of("dataDirectory", "ans-data", "maxConnections", "16"));
 * Path dir = config.path("dataDirectory").orElseThrow();
 * int max = config.intValue("maxConnections", 8);
 * }</pre>
 *
 * @param properties the settings by key
 */
public record ProviderConfig(Map<String, String> properties) {
    /** The conventional key of the directory an embedded default keeps its files in. */
    public static final String DATA_DIRECTORY = "dataDirectory";

    /** Copies the properties. */
    public ProviderConfig {
        properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    }

    /** Returns an empty configuration. */
    public static ProviderConfig empty() {
        return new ProviderConfig(Map.of());
    }

    /** Returns a configuration with these properties. */
    public static ProviderConfig of(Map<String, String> properties) {
        return new ProviderConfig(properties);
    }

    /** Returns a copy with one more (or a replaced) property. */
    public ProviderConfig with(String key, String value) {
        Map<String, String> copy = new HashMap<>(properties);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ProviderConfig(copy);
    }

    /** Returns the property, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** Returns the property or fails with a message naming the missing key. */
    public String require(String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("missing required setting '" + key + "'");
        }
        return value;
    }

    /** Returns the property as an int, or the default when it is not set. */
    public int intValue(String key, int defaultValue) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("setting '" + key + "' must be a whole number, was '" + value + "'");
        }
    }

    /** Returns the property as a boolean ({@code true}/{@code false}), or the default. */
    public boolean booleanValue(String key, boolean defaultValue) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException("setting '" + key + "' must be true or false, was '" + value + "'");
        };
    }

    /** Returns the property as a duration (ISO-8601 such as {@code PT30S}, or {@code 30s}, {@code 5m}, {@code 250ms}). */
    public Duration durationValue(String key, Duration defaultValue) {
        String value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new ConfigurationException("setting '" + key + "' must be a duration such as 30s, 5m or PT1H, was '" + value + "'");
        }
    }

    /** Returns the property as a path, if set. */
    public Optional<Path> path(String key) {
        return get(key).map(Path::of);
    }
}
