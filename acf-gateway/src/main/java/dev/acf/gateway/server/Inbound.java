package dev.acf.gateway.server;

import dev.acf.api.gateway.Exchange;
import io.netty.handler.codec.http.HttpMethod;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dispatcher's view of one request on an {@link HttpConnection}; answers are written on the connection's event loop (directly when already on it). */
final class Inbound implements InboundRequest {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final HttpConnection connection;
    private final String id;
    private final Exchange.Request request;
    private final List<X509Certificate> peers;
    private final HttpMethod method;
    private final boolean secure;
    private final long receivedNanos;
    private final AtomicBoolean answered = new AtomicBoolean();

    Inbound(HttpConnection connection, String id, Exchange.Request request, List<X509Certificate> peers, HttpMethod method,
            boolean secure, long receivedNanos) {
        this.connection = connection;
        this.id = id;
        this.request = request;
        this.peers = peers;
        this.method = method;
        this.secure = secure;
        this.receivedNanos = receivedNanos;
    }

    @Override
    public String requestId() {
        return id;
    }

    @Override
    public Exchange.Request request() {
        return request;
    }

    @Override
    public List<X509Certificate> peerCertificates() {
        return peers;
    }

    @Override
    public long receivedNanos() {
        return receivedNanos;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public void respond(Exchange.Response response) {
        if (answered.compareAndSet(false, true)) {
            onLoop(() -> connection.write(response, method));
        }
    }

    @Override
    public void respondStreaming(Exchange.Response response, StreamedBody source) {
        if (answered.compareAndSet(false, true)) {
            onLoop(() -> connection.writeStreaming(response, source));
        } else {
            source.cancel();
        }
    }

    private void onLoop(Runnable task) {
        if (connection.ctx().executor().inEventLoop()) {
            // Answered on the connection's own loop (the non-blocking path): written now, no hop.
            task.run();
            return;
        }
        try {
            connection.ctx().executor().execute(task);
        } catch (RejectedExecutionException e) {
            // The server stopped after its drain timeout: the connection is gone with its loop.
            LOG.debug("request {} answered after the server stopped", id);
        }
    }
}
