package dev.acf.ans.http;

import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request as the routes see it: no Jetty types, the body already read within its limit.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent, still percent-encoded (what agent signatures bind to)
 * @param segments the decoded path segments ({@code /v1/agents/x} is {@code [v1, agents, x]})
 * @param query the query parameters (first value of each)
 * @param headers the request headers, names lower case (first value of each)
 * @param body the body bytes
 * @param requestId the id the ANS gave this request
 */
record HttpCall(String method, String rawPath, List<String> segments, Map<String, String> query, Map<String, String> headers, byte[] body,
        String requestId) {

    /** Returns the bearer token of the Authorization header, if any. */
    @Nullable String bearer() {
        String auth = headers.get("authorization");
        if (auth == null) {
            return null;
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        throw new ValidationException("Authorization must use the Bearer scheme");
    }

    /**
     * Returns who acts with the administrator token, for the audit log: {@code admin}, or
     * {@code admin:<operator>} when the request names its operator in an {@code ACF-Operator}
     * header (1-64 letters, digits and {@code . _ @ -}), as an operator console may.
     */
    String operator() {
        String named = headers.get("acf-operator");
        if (named == null || named.isBlank()) {
            return "admin";
        }
        String operator = named.trim();
        if (operator.length() > 64 || !operator.matches("[A-Za-z0-9._@-]+")) {
            throw new ValidationException("ACF-Operator must be 1-64 letters, digits and . _ @ -, was '" + operator + "'");
        }
        return "admin:" + operator;
    }

    /** Returns a header (name in any case). */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Returns true when the body is a JWS signed by an agent ({@code application/jose}). */
    boolean isSignedByAgent() {
        String type = headers.getOrDefault("content-type", "");
        return type.toLowerCase(java.util.Locale.ROOT).startsWith("application/jose");
    }

    /** Returns the body as an agent-signed request bound to this call's method and path. */
    dev.acf.ans.lifecycle.Lifecycle.SignedRequest signedRequest() {
        if (!isSignedByAgent()) {
            throw new ValidationException("this operation needs a body signed by the agent: Content-Type: application/jose");
        }
        if (body.length == 0) {
            throw new ValidationException("the signed request body is empty");
        }
        return new dev.acf.ans.lifecycle.Lifecycle.SignedRequest(
                new String(body, java.nio.charset.StandardCharsets.US_ASCII).trim(), method, rawPath);
    }

    /** Reads the body as JSON of a type; bad JSON is a 400 with the path and reason. */
    <T> T json(Class<T> type) {
        if (body.length == 0) {
            throw new ValidationException(dev.acf.api.error.ErrorCode.MALFORMED_JSON, "the request needs a JSON body");
        }
        T value = AcfJson.read(body, type);
        if (value == null) {
            throw new ValidationException(dev.acf.api.error.ErrorCode.MALFORMED_JSON, "the request body must be a JSON object, was null");
        }
        return value;
    }
}
