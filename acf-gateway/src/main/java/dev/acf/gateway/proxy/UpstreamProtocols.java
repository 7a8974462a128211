package dev.acf.gateway.proxy;

/**
 * Which HTTP versions the gateway speaks to agents. HTTP/1.1 always works; HTTP/2 multiplexes
 * many calls over few connections ({@code GatewayLimits.maxHttp2ConnectionsPerUpstream},
 * {@code maxStreamsPerUpstreamConnection}). Immutable.
 *
 * <pre>{@code
 * UpstreamProtocols protocols = UpstreamProtocols.defaults().withH2cPriorKnowledge(true);
 * }</pre>
 *
 * @param http2OverTls offer h2 by ALPN to {@code https} agents (the agent chooses; one that picks
 *     HTTP/1.1 is remembered and not asked again). The TLS context must offer h2: the gateway's
 *     identity and default contexts do; a context given to {@code upstreamTls(...)} only when
 *     built with ALPN
 * @param h2cPriorKnowledge speak HTTP/2 without TLS and without upgrade to every plain {@code http}
 *     agent; without it, only endpoints whose transport is gRPC (HTTP/2 by definition) get h2c
 */
public record UpstreamProtocols(boolean http2OverTls, boolean h2cPriorKnowledge) {

    /** Returns h2 by ALPN over TLS, HTTP/1.1 in plaintext (h2c only for gRPC endpoints). */
    public static UpstreamProtocols defaults() {
        return new UpstreamProtocols(true, false);
    }

    /** Returns a copy with h2 over TLS offered or not. */
    public UpstreamProtocols withHttp2OverTls(boolean value) {
        return new UpstreamProtocols(value, h2cPriorKnowledge);
    }

    /** Returns a copy with h2c prior knowledge for every plaintext agent or not. */
    public UpstreamProtocols withH2cPriorKnowledge(boolean value) {
        return new UpstreamProtocols(http2OverTls, value);
    }
}
