package dev.acf.gateway.server;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request (or connection) the gateway refused before its filters ran: too large (413),
 * headers too large (431), malformed (400), too slow (408), over the in-flight limit (503), or
 * a connection over the connection limit (closed without an answer, status 0). Immutable.
 *
 * @param requestId the id the refusal's answer carries
 * @param status the HTTP status answered, or 0 when the connection was closed without one
 * @param cause the error code of the refusal, such as {@code payload_too_large} or {@code connection_limit}
 * @param method the HTTP method, when the request line was understood
 * @param path the request target, when the request line was understood
 * @param peerCertificates the TLS client certificate chain, leaf first; empty without one
 * @param bytesIn request body bytes received (or declared) before the refusal
 * @param startNanos {@link System#nanoTime()} when the request started arriving
 */
public record TransportRefusal(String requestId, int status, String cause, @Nullable String method, @Nullable String path,
        List<X509Certificate> peerCertificates, long bytesIn, long startNanos) {

    /** Requires an id and a cause; copies the certificates. */
    public TransportRefusal {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(cause, "cause");
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** The cause of a connection closed because the server holds its maximum of connections. */
    public static final String CONNECTION_LIMIT = "connection_limit";

    /** Returns a new request id for a refusal that happens before any request had one. */
    public static String newRequestId() {
        return RequestIds.next();
    }
}
