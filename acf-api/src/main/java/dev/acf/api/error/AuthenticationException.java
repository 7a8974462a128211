package dev.acf.api.error;

import java.io.Serial;

/**
 * A missing or invalid credential or signature (HTTP 401).
 *
 * <p>The default code is {@link ErrorCode#UNAUTHENTICATED}; a more precise one may be given.
 */
public class AuthenticationException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#UNAUTHENTICATED}. */
    public AuthenticationException(String message) {
        super(ErrorCode.UNAUTHENTICATED, message);
    }

    /** Creates the exception with a precise code. */
    public AuthenticationException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public AuthenticationException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
