package dev.acf.api.error;

import java.io.Serial;

/**
 * Overloaded, shutting down, or an upstream that failed or timed out (HTTP 502-504); may succeed if retried.
 *
 * <p>The default code is {@link ErrorCode#UNAVAILABLE}; a more precise one may be given.
 */
public class UnavailableException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#UNAVAILABLE}. */
    public UnavailableException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }

    /** Creates the exception with a precise code. */
    public UnavailableException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public UnavailableException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
