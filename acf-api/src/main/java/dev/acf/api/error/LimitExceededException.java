package dev.acf.api.error;

import java.io.Serial;

/**
 * A size, rate or concurrency limit was hit (HTTP 413, 429 or 431).
 *
 * <p>The default code is {@link ErrorCode#RATE_LIMITED}; a more precise one may be given.
 */
public class LimitExceededException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#RATE_LIMITED}. */
    public LimitExceededException(String message) {
        super(ErrorCode.RATE_LIMITED, message);
    }

    /** Creates the exception with a precise code. */
    public LimitExceededException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public LimitExceededException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
