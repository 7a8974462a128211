package dev.acf.api.error;

import java.io.Serial;

/**
 * A certificate, key or signature that cannot be trusted or issued: bad CSR, bad signature, revoked or expired certificate.
 *
 * <p>The default code is {@link ErrorCode#BAD_SIGNATURE}; a more precise one may be given.
 */
public class TrustException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#BAD_SIGNATURE}. */
    public TrustException(String message) {
        super(ErrorCode.BAD_SIGNATURE, message);
    }

    /** Creates the exception with a precise code. */
    public TrustException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public TrustException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
