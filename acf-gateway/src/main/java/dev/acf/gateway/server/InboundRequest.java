package dev.acf.gateway.server;

import dev.acf.api.gateway.Exchange;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One complete request received on a connection, and the way to answer it exactly once.
 * The answer methods may be called from any thread; the connection does not read the next
 * request until the answer has been written (HTTP/1.1 back-pressure).
 */
public interface InboundRequest {

    /** Returns the transport-issued id of this request. */
    String requestId();

    /** Returns the request with its body aggregated (bounded by the body limit). */
    Exchange.Request request();

    /** Returns the TLS client certificate chain, leaf first; empty on plaintext or without one. */
    List<X509Certificate> peerCertificates();

    /** Returns {@link System#nanoTime()} when the request's head arrived. */
    long receivedNanos();

    /** Returns true when the request came over TLS. */
    boolean secure();

    /** Writes a complete response; later calls are ignored. */
    void respond(Exchange.Response response);

    /**
     * Writes the status and headers of {@code head} (its body is ignored), then lets
     * {@code body} stream the content with back-pressure.
     */
    void respondStreaming(Exchange.Response head, StreamedBody body);
}
