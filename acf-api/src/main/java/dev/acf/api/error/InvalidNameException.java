package dev.acf.api.error;

import java.io.Serial;

/**
 * An ANS agent name, domain name or version that does not parse; the message names the offending part.
 *
 * <p>The default code is {@link ErrorCode#INVALID_NAME}; a more precise one may be given.
 */
public class InvalidNameException extends ValidationException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#INVALID_NAME}. */
    public InvalidNameException(String message) {
        super(ErrorCode.INVALID_NAME, message);
    }

    /** Creates the exception with a precise code. */
    public InvalidNameException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public InvalidNameException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
