package dev.acf.gateway;

/**
 * The keys of the {@link dev.acf.api.gateway.Exchange#attributes() exchange attributes} the
 * gateway's transport and built-in filters share. Values are set before the filter chain runs
 * (transport facts) or by the stage that learns them; a filter only sees attributes set by the
 * transport and by filters before it.
 */
public final class ExchangeAttributes {
    /** The TLS peer's certificate chain, leaf first, as {@code java.security.cert.X509Certificate[]}; absent without a client certificate. */
    public static final String PEER_CERTIFICATES = "acf.peerCertificates";
    /** The agent a request addresses, as {@link dev.acf.api.name.AgentName}. */
    public static final String TARGET = "acf.target";
    /** The A2A (JSON-RPC) method of the request, as a {@code String}. */
    public static final String A2A_METHOD = "acf.a2aMethod";
    /** The A2A task id the request is about, as a {@code String}. */
    public static final String TASK_ID = "acf.taskId";
    /** The A2A context id the request is about, as a {@code String}. */
    public static final String CONTEXT_ID = "acf.contextId";
    /** When the gateway received the request, from {@link System#nanoTime()}, as a {@code Long}. */
    public static final String START_NANOS = "acf.startNanos";

    private ExchangeAttributes() {}
}
