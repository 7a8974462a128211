package dev.acf.api.error;

import java.io.Serial;
import java.util.Objects;

/**
 * The root of every error ACF raises on purpose: unchecked, with a stable
 * {@link ErrorCode} that maps to the JSON error body of every HTTP API ({@link ErrorBody}).
 *
 * <p>Subclasses name the area ({@link ValidationException}, {@link NotFoundException}...)
 * so callers can catch by kind; the code says precisely what happened. Messages are for
 * people and never contain secrets or stack traces. Instances are immutable.
 *
 * <pre>{@code
 * try {
 *     client.resolve(name);
 * } catch (AcfException e) {
 *     if (e.code().equals(ErrorCode.AGENT_NOT_FOUND)) { ... }
 * }
 * }</pre>
 */
public class AcfException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The code; records are serializable by value. */
    private final ErrorCode code;

    /** Creates an exception with a code and a message for people. */
    public AcfException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** Creates an exception with a code, a message for people and the underlying cause. */
    public AcfException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Returns the stable, machine-readable code. */
    public final ErrorCode code() {
        return code;
    }

    /** Returns the HTTP status an HTTP API answers with; a shortcut for {@code code().httpStatus()}. */
    public final int httpStatus() {
        return code.httpStatus();
    }
}
