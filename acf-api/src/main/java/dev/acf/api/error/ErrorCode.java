package dev.acf.api.error;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stable, machine-readable error code and the HTTP status it maps to (API-4).
 *
 * <p>The {@code id} is part of the public contract: clients branch on it, so a code is
 * never renamed. The constants below are the codes ACF itself uses; extensions may define
 * their own with the same shape ({@code lower_snake_case}).
 *
 * <pre>{@code
 * throw new ValidationException(ErrorCode.INVALID_REQUEST, "limit must be positive, was -1");
 * }</pre>
 *
 * @param id the code, {@code lower_snake_case}, such as {@code invalid_name}
 * @param httpStatus the HTTP status (400-599) an HTTP API answers with for this code
 */
public record ErrorCode(String id, int httpStatus) implements java.io.Serializable {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** The request is malformed or a value is out of range. */
    public static final ErrorCode INVALID_REQUEST = new ErrorCode("invalid_request", 400);
    /** A body is not well-formed JSON or does not match the expected shape. */
    public static final ErrorCode MALFORMED_JSON = new ErrorCode("malformed_json", 400);
    /** An ANS agent name or a domain name is not valid. */
    public static final ErrorCode INVALID_NAME = new ErrorCode("invalid_name", 400);
    /** A version or version range is not valid. */
    public static final ErrorCode INVALID_VERSION = new ErrorCode("invalid_version", 400);
    /** A certificate signing request is malformed or breaks a rule. */
    public static final ErrorCode INVALID_CSR = new ErrorCode("invalid_csr", 400);
    /** A signature (JWS, CSR, certificate) does not verify. */
    public static final ErrorCode BAD_SIGNATURE = new ErrorCode("bad_signature", 401);
    /** No credential, or one that is not valid. */
    public static final ErrorCode UNAUTHENTICATED = new ErrorCode("unauthenticated", 401);
    /** The caller is known but not allowed to do this. */
    public static final ErrorCode PERMISSION_DENIED = new ErrorCode("permission_denied", 403);
    /** The certificate was revoked. */
    public static final ErrorCode CERTIFICATE_REVOKED = new ErrorCode("certificate_revoked", 403);
    /** The certificate has expired or is not yet valid. */
    public static final ErrorCode CERTIFICATE_EXPIRED = new ErrorCode("certificate_expired", 403);
    /** Content inspection blocked the request (prompt injection, malicious payload). */
    public static final ErrorCode CONTENT_BLOCKED = new ErrorCode("content_blocked", 403);
    /** The caller is suspended after an anomaly or by an administrator, until it is lifted at ANS. */
    public static final ErrorCode CALLER_SUSPENDED = new ErrorCode("caller_suspended", 403);
    /** The named thing does not exist. */
    public static final ErrorCode NOT_FOUND = new ErrorCode("not_found", 404);
    /** No agent answers this name. */
    public static final ErrorCode AGENT_NOT_FOUND = new ErrorCode("agent_not_found", 404);
    /** The thing exists already, or was changed concurrently. */
    public static final ErrorCode CONFLICT = new ErrorCode("conflict", 409);
    /** An update would break compatibility without a new major version. */
    public static final ErrorCode INCOMPATIBLE_CHANGE = new ErrorCode("incompatible_change", 409);
    /** A body is larger than the configured limit. */
    public static final ErrorCode PAYLOAD_TOO_LARGE = new ErrorCode("payload_too_large", 413);
    /** The request headers are larger than the configured limit. */
    public static final ErrorCode HEADERS_TOO_LARGE = new ErrorCode("headers_too_large", 431);
    /** The request is well-formed but a policy refuses it. */
    public static final ErrorCode POLICY_REFUSED = new ErrorCode("policy_refused", 422);
    /** The caller is over a rate limit. */
    public static final ErrorCode RATE_LIMITED = new ErrorCode("rate_limited", 429);
    /** An unexpected failure inside ACF; the message never carries internals. */
    public static final ErrorCode INTERNAL = new ErrorCode("internal", 500);
    /** The configuration is not valid; raised at build or start-up. */
    public static final ErrorCode CONFIGURATION = new ErrorCode("configuration", 500);
    /** An upstream agent or service could not be reached or answered badly. */
    public static final ErrorCode UPSTREAM_FAILED = new ErrorCode("upstream_failed", 502);
    /** Overloaded or shutting down; retry later. */
    public static final ErrorCode UNAVAILABLE = new ErrorCode("unavailable", 503);
    /** An upstream did not answer in time. */
    public static final ErrorCode UPSTREAM_TIMEOUT = new ErrorCode("upstream_timeout", 504);

    private static final List<ErrorCode> STANDARD = List.of(
            INVALID_REQUEST, MALFORMED_JSON, INVALID_NAME, INVALID_VERSION, INVALID_CSR,
            BAD_SIGNATURE, UNAUTHENTICATED, PERMISSION_DENIED, CERTIFICATE_REVOKED,
            CERTIFICATE_EXPIRED, CONTENT_BLOCKED, CALLER_SUSPENDED, NOT_FOUND, AGENT_NOT_FOUND, CONFLICT,
            INCOMPATIBLE_CHANGE, PAYLOAD_TOO_LARGE, HEADERS_TOO_LARGE, POLICY_REFUSED,
            RATE_LIMITED, INTERNAL, CONFIGURATION, UPSTREAM_FAILED, UNAVAILABLE, UPSTREAM_TIMEOUT);

    /** Validates the id's shape and the status range. */
    public ErrorCode {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("error code id must be lower_snake_case, was '" + id + "'");
        }
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("error code HTTP status must be 400-599, was " + httpStatus);
        }
    }

    /** Returns the codes ACF defines, in a stable order. */
    public static List<ErrorCode> standard() {
        return STANDARD;
    }

    /**
     * Returns the standard code with this id, or a new code with the given status when the
     * id is not one of ACF's (a code defined by an extension or a newer peer).
     */
    public static ErrorCode of(String id, int httpStatus) {
        for (ErrorCode code : STANDARD) {
            if (code.id.equals(id)) {
                return code;
            }
        }
        return new ErrorCode(id, httpStatus);
    }

    @Override
    public String toString() {
        return id + " (" + httpStatus + ")";
    }
}
