package dev.acf.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the ACF jars on the class path, as written by the build.
 *
 * <p>Thread-safe: the value is read once, when the class initializes.
 *
 * <pre>{@code
 * System.out.println("ACF " + AcfVersion.current());
 * }</pre>
 */
public final class AcfVersion {
    private static final String RESOURCE = "/META-INF/acf/version.properties";
    private static final String CURRENT = load();

    private AcfVersion() {}

    /** Returns the ACF version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = AcfVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
