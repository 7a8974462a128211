package dev.acf.api.name;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.InvalidNameException;
import java.util.Objects;

/**
 * An agent version, {@code MAJOR.MINOR.PATCH} as in Semantic Versioning, without
 * pre-release or build parts (they cannot be written in a DNS-anchored ANS name).
 *
 * <p>A higher major number means an incompatible interface; versions with the same major
 * number are compatible, and the newest of them answers a name given without a version.
 * Immutable and thread-safe; ordered by major, minor, then patch.
 *
 * <pre>{@code
 * Version v = Version.parse("1.2.0");
 * v.isCompatibleWith(Version.parse("1.4.1")); // true
 * }</pre>
 *
 * @param major the major number, {@code >= 0}
 * @param minor the minor number, {@code >= 0}
 * @param patch the patch number, {@code >= 0}
 */
public record Version(int major, int minor, int patch) implements Comparable<Version> {

    /** Refuses negative numbers. */
    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative, was " + major + "." + minor + "." + patch);
        }
    }

    /** Returns the version {@code major.minor.patch}. */
    public static Version of(int major, int minor, int patch) {
        return new Version(major, minor, patch);
    }

    /**
     * Parses {@code MAJOR.MINOR.PATCH}, with an optional leading {@code v}.
     *
     * @throws InvalidNameException ({@code invalid_version}) naming the offending part
     */
    @JsonCreator
    public static Version parse(String text) {
        Objects.requireNonNull(text, "text");
        String digits = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
        String[] parts = digits.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidNameException(ErrorCode.INVALID_VERSION,
                    "version '" + text + "' must have three numbers MAJOR.MINOR.PATCH, found " + parts.length + " part(s)");
        }
        return new Version(number(text, parts[0], "major"), number(text, parts[1], "minor"), number(text, parts[2], "patch"));
    }

    private static int number(String text, String part, String which) {
        if (part.isEmpty()) {
            throw new InvalidNameException(ErrorCode.INVALID_VERSION, "version '" + text + "': the " + which + " number is empty");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidNameException(ErrorCode.INVALID_VERSION,
                        "version '" + text + "': the " + which + " number '" + part + "' is not a decimal number");
            }
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            throw new InvalidNameException(ErrorCode.INVALID_VERSION,
                    "version '" + text + "': the " + which + " number '" + part + "' has a leading zero");
        }
        if (part.length() > 9) {
            throw new InvalidNameException(ErrorCode.INVALID_VERSION,
                    "version '" + text + "': the " + which + " number '" + part + "' is too large (at most 9 digits)");
        }
        return Integer.parseInt(part);
    }

    /** Returns true when both versions share the major number, so one can stand in for the other. */
    public boolean isCompatibleWith(Version other) {
        return major == other.major;
    }

    @Override
    public int compareTo(Version other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(patch, other.patch);
    }

    /** Returns {@code MAJOR.MINOR.PATCH}, without the {@code v}. */
    @JsonValue
    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
