package dev.acf.api.error;

import java.io.Serial;

/**
 * The named agent, request or certificate does not exist (HTTP 404).
 *
 * <p>The default code is {@link ErrorCode#NOT_FOUND}; a more precise one may be given.
 */
public class NotFoundException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#NOT_FOUND}. */
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    /** Creates the exception with a precise code. */
    public NotFoundException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public NotFoundException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
