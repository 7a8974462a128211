package dev.acf.api.a2a;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * The A2A protocol versions ACF speaks, and the {@value #HEADER} header that names them.
 *
 * <p>A request without the header (or with an empty one) is a v0.3 request: that is how the
 * v1.0 specification reads it, since v0.3 clients never sent the header.
 */
public enum A2aVersion {
    /** A2A 0.3: slash method names, {@code kind} discriminators, kebab-case task states. */
    V0_3("0.3"),
    /** A2A 1.0: PascalCase method names, ProtoJSON shapes, {@code TASK_STATE_*} enums. */
    V1_0("1.0");

    /** The HTTP header (an A2A service parameter) that carries the version. */
    public static final String HEADER = "A2A-Version";

    private final String headerValue;

    A2aVersion(String headerValue) {
        this.headerValue = headerValue;
    }

    /** Returns the value to send in the {@value #HEADER} header: {@code "0.3"} or {@code "1.0"}. */
    public String headerValue() {
        return headerValue;
    }

    /**
     * Parses a version such as {@code 1.0}, {@code 1.0.1} or {@code 0.3.0}; only major and minor
     * count, since A2A promises compatibility within a minor version.
     *
     * @throws ValidationException ({@code invalid_version}) for any other version
     */
    public static A2aVersion parse(String value) {
        String trimmed = value.trim();
        String[] parts = trimmed.split("\\.", -1);
        if (parts.length >= 2 && parts.length <= 3) {
            for (A2aVersion version : values()) {
                if (version.headerValue.equals(parts[0] + "." + parts[1])
                        && (parts.length == 2 || parts[2].matches("[0-9]{1,4}"))) {
                    return version;
                }
            }
        }
        throw new ValidationException(ErrorCode.INVALID_VERSION,
                "unsupported A2A version '" + value + "': expected 0.3 or 1.0");
    }

    /**
     * Reads the {@value #HEADER} header of a request: absent or blank means {@link #V0_3}.
     *
     * @throws ValidationException ({@code invalid_version}) when the value names another version
     */
    public static A2aVersion fromHeader(@Nullable String headerValue) {
        return headerValue == null || headerValue.isBlank() ? V0_3 : parse(headerValue);
    }
}
