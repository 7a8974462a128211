package dev.acf.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON error body of every ACF HTTP API (API-4):
 * {@code {"error":{"code":"...","message":"...","requestId":"..."}}}.
 *
 * <p>Servers build it from an exception with {@link #of(Throwable, String)}; clients turn it
 * back into a typed exception with {@link #toException(int)}. An exception that is not an
 * {@link AcfException} becomes {@code internal} with a generic message, so no internal detail
 * or stack trace ever reaches a caller. Immutable and thread-safe.
 *
 * <pre>{@code
 * byte[] json = AcfJson.writeBytes(ErrorBody.of(exception, requestId));
 * }</pre>
 *
 * @param error the error object
 */
public record ErrorBody(Error error) {

    /** Requires the error. */
    public ErrorBody {
        Objects.requireNonNull(error, "error");
    }

    /**
     * The error object inside the body.
     *
     * @param code the stable code id, such as {@code invalid_name}
     * @param message a message for people
     * @param requestId the id of the request that failed, for support and logs; may be absent
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String message, @Nullable String requestId) {
        /** Requires the code and the message. */
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Builds the body for a code and message. */
    public static ErrorBody of(ErrorCode code, String message, @Nullable String requestId) {
        return new ErrorBody(new Error(code.id(), message, requestId));
    }

    /**
     * Builds the body for any failure. {@link AcfException}s keep their code and message;
     * anything else is reported as {@code internal} without its message, which may hold
     * internals; log the exception itself on the server side.
     */
    public static ErrorBody of(Throwable failure, @Nullable String requestId) {
        if (failure instanceof AcfException acf) {
            return of(acf.code(), acf.getMessage(), requestId);
        }
        return of(ErrorCode.INTERNAL, "internal error" + (requestId == null ? "" : "; quote request " + requestId), requestId);
    }

    /** Returns the HTTP status for a failure: its code's status, or 500. */
    public static int httpStatus(Throwable failure) {
        return failure instanceof AcfException acf ? acf.httpStatus() : ErrorCode.INTERNAL.httpStatus();
    }

    /**
     * Turns a body received with an HTTP status back into the typed exception a server
     * raised: the subclass follows the status, the code is kept as received.
     *
     * @param httpStatus the status the body came with
     */
    public AcfException toException(int httpStatus) {
        ErrorCode code = ErrorCode.of(error.code(), httpStatus >= 400 && httpStatus <= 599 ? httpStatus : 500);
        String message = error.requestId() == null ? error.message() : error.message() + " [request " + error.requestId() + "]";
        if (code.equals(ErrorCode.INVALID_NAME) || code.equals(ErrorCode.INVALID_VERSION)) {
            return new InvalidNameException(code, message);
        }
        if (code.equals(ErrorCode.BAD_SIGNATURE) || code.equals(ErrorCode.INVALID_CSR)
                || code.equals(ErrorCode.CERTIFICATE_REVOKED) || code.equals(ErrorCode.CERTIFICATE_EXPIRED)) {
            return new TrustException(code, message);
        }
        return switch (code.httpStatus()) {
            case 400 -> new ValidationException(code, message);
            case 401 -> new AuthenticationException(code, message);
            case 403 -> new PermissionDeniedException(code, message);
            case 404 -> new NotFoundException(code, message);
            case 409 -> new ConflictException(code, message);
            case 413, 429, 431 -> new LimitExceededException(code, message);
            case 422 -> new PolicyException(code, message);
            case 502, 503, 504 -> new UnavailableException(code, message);
            default -> new AcfException(code, message);
        };
    }
}
