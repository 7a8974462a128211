package dev.acf.api.error;

import java.io.Serial;

/**
 * A duplicate, a concurrent change (optimistic concurrency), or an incompatible update (HTTP 409).
 *
 * <p>The default code is {@link ErrorCode#CONFLICT}; a more precise one may be given.
 */
public class ConflictException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#CONFLICT}. */
    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }

    /** Creates the exception with a precise code. */
    public ConflictException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public ConflictException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
