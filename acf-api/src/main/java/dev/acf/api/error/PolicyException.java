package dev.acf.api.error;

import java.io.Serial;

/**
 * A well-formed request that a domain policy refuses (HTTP 422).
 *
 * <p>The default code is {@link ErrorCode#POLICY_REFUSED}; a more precise one may be given.
 */
public class PolicyException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#POLICY_REFUSED}. */
    public PolicyException(String message) {
        super(ErrorCode.POLICY_REFUSED, message);
    }

    /** Creates the exception with a precise code. */
    public PolicyException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public PolicyException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
