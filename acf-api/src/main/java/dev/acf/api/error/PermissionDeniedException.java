package dev.acf.api.error;

import java.io.Serial;

/**
 * The caller is authenticated but may not do this, or a certificate is revoked or expired (HTTP 403).
 *
 * <p>The default code is {@link ErrorCode#PERMISSION_DENIED}; a more precise one may be given.
 */
public class PermissionDeniedException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#PERMISSION_DENIED}. */
    public PermissionDeniedException(String message) {
        super(ErrorCode.PERMISSION_DENIED, message);
    }

    /** Creates the exception with a precise code. */
    public PermissionDeniedException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public PermissionDeniedException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
