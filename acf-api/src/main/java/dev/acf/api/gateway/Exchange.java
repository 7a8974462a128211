package dev.acf.api.gateway;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorBody;
import dev.acf.api.json.AcfJson;
import dev.acf.api.security.CallerIdentity;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as it crosses the gateway's filter pipeline: the request, who sent it, and
 * attributes filters pass to later filters. Immutable: a filter that changes something
 * passes a modified copy ({@link #withRequest}, {@link #withCaller}, {@link #withAttribute})
 * to {@link GatewayFilter.Chain#proceed}.
 *
 * <pre>{@code
 * Exchange changed = exchange.withRequest(exchange.request().withHeader("x-team", "noc"));
 * return chain.proceed(changed);
 * }</pre>
 *
 * @param requestId the gateway-issued id of this request, also sent upstream
 * @param request the request
 * @param caller the authenticated caller, or {@link CallerIdentity#anonymous()} before authentication
 * @param attributes values filters attach for later filters
 */
public record Exchange(String requestId, Request request, CallerIdentity caller, Map<String, Object> attributes) {

    /** Requires every field; copies the attributes (unless they are already an exchange's, which are immutable). */
    public Exchange {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(caller, "caller");
        attributes = Attributes.copyOf(attributes);
    }

    /** Starts an exchange for an anonymous caller with no attributes. */
    public static Exchange of(String requestId, Request request) {
        return new Exchange(requestId, request, CallerIdentity.anonymous(), Map.of());
    }

    /** Returns a copy with another request. */
    public Exchange withRequest(Request newRequest) {
        return new Exchange(requestId, newRequest, caller, attributes);
    }

    /** Returns a copy with another caller (what authentication does). */
    public Exchange withCaller(CallerIdentity newCaller) {
        return new Exchange(requestId, request, newCaller, attributes);
    }

    /** Returns a copy with one more attribute (replacing one of the same key); shares the others, copies nothing. */
    public Exchange withAttribute(String key, Object value) {
        return new Exchange(requestId, request, caller, ((Attributes) attributes).with(key, value));
    }

    /** Returns an attribute of the given type. */
    public <T> Optional<T> attribute(String key, Class<T> type) {
        Object value = attributes.get(key);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    /**
     * An HTTP request.
     *
     * @param method the HTTP method, upper case
     * @param path the path and query, as received
     * @param headers the header fields
     * @param body the body
     */
    public record Request(String method, String path, HttpHeaders headers, Body body) {
        /** Requires every field. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }

        /** Returns a copy where a header has exactly this value. */
        public Request withHeader(String name, String value) {
            return new Request(method, path, headers.with(name, value), body);
        }

        /** Returns a copy with another body. */
        public Request withBody(Body newBody) {
            return new Request(method, path, headers, newBody);
        }
    }

    /**
     * An HTTP response.
     *
     * @param status the status code
     * @param headers the header fields
     * @param body the body
     */
    public record Response(int status, HttpHeaders headers, Body body) {
        /** Requires a status of 100-599. */
        public Response {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status must be 100-599, was " + status);
            }
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }

        /**
         * Returns a policy denial or error in the API-4 body shape, such as
         * {@code error(429, "rate_limited", "caller x is over its limit")}.
         */
        public static Response error(int status, String code, String message) {
            byte[] json = AcfJson.writeBytes(new ErrorBody(new ErrorBody.Error(code, message, null)));
            return new Response(status, HttpHeaders.of("content-type", "application/json"), Body.of(json));
        }

        /** Returns the error response for an exception, with its code and status. */
        public static Response error(AcfException failure) {
            return error(failure.httpStatus(), failure.code().id(), failure.getMessage());
        }

        /** Returns a copy where a header has exactly this value. */
        public Response withHeader(String name, String value) {
            return new Response(status, headers.with(name, value), body);
        }
    }
}
