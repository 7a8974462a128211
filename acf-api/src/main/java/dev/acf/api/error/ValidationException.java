package dev.acf.api.error;

import java.io.Serial;

/**
 * Bad input: a malformed request, body, name, version or CSR (HTTP 400).
 *
 * <p>The default code is {@link ErrorCode#INVALID_REQUEST}; a more precise one may be given.
 */
public class ValidationException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#INVALID_REQUEST}. */
    public ValidationException(String message) {
        super(ErrorCode.INVALID_REQUEST, message);
    }

    /** Creates the exception with a precise code. */
    public ValidationException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public ValidationException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
