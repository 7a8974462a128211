package dev.acf.gateway.pipeline;

import dev.acf.api.gateway.Exchange;
import dev.acf.gateway.server.StreamedBody;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the end of the pipeline knows about one request beyond its {@code Exchange}: whether
 * it came over TLS, and the streamed body the proxy attached to its response. A streamed
 * body is carried outside the immutable response: the pipeline sees the response with an
 * empty {@code Body}; if the response that leaves the chain still has the proxied status and
 * an empty body, the stream is piped to the client, otherwise (a filter replaced the answer)
 * it is cancelled. Used by one request at a time; not thread-safe.
 */
public final class RequestScope {
    private final String requestId;
    private final boolean secure;
    private @Nullable StreamedBody stream;
    private int streamStatus;
    private @Nullable Exchange reached;

    /** Creates the scope of one request. */
    public RequestScope(String requestId, boolean secure) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.secure = secure;
    }

    /** Returns the transport-issued request id. */
    public String requestId() {
        return requestId;
    }

    /** Returns true when the request came over TLS. */
    public boolean secure() {
        return secure;
    }

    /** Attaches the body of a response with this status, to be streamed after the chain returns. */
    public void attachStream(int status, StreamedBody body) {
        StreamedBody previous = stream;
        if (previous != null) {
            previous.cancel();
        }
        this.stream = Objects.requireNonNull(body, "body");
        this.streamStatus = status;
    }

    /** Records the exchange as it passed the last filter; what stream listeners are given. */
    void reached(Exchange exchange) {
        this.reached = exchange;
    }

    @Nullable Exchange reached() {
        return reached;
    }

    @Nullable StreamedBody stream() {
        return stream;
    }

    int streamStatus() {
        return streamStatus;
    }
}
