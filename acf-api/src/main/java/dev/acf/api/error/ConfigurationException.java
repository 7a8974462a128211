package dev.acf.api.error;

import java.io.Serial;

/**
 * An invalid configuration or a missing extension, raised while building or starting a component.
 *
 * <p>The default code is {@link ErrorCode#CONFIGURATION}; a more precise one may be given.
 */
public class ConfigurationException extends AcfException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the default code {@link ErrorCode#CONFIGURATION}. */
    public ConfigurationException(String message) {
        super(ErrorCode.CONFIGURATION, message);
    }

    /** Creates the exception with a precise code. */
    public ConfigurationException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Creates the exception with a precise code and the underlying cause. */
    public ConfigurationException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
