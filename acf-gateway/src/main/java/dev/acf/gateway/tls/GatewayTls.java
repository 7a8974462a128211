package dev.acf.gateway.tls;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.client.AgentIdentity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's TLS (GW-SEC-1): Netty {@link SslContext}s built from the gateway's own ANS
 * {@link AgentIdentity} and the ANS CA chain.
 *
 * <ul>
 *   <li>{@link #serverContext()} for the listener: TLS 1.3 only unless
 *       {@link Builder#allowTls12}; client certificates required or optional; presents the
 *       identity's current key and chain at every handshake, so renewals
 *       ({@code AcfClient.keepRenewed}) need no restart; accepts only client certificates that
 *       chain to the ANS CA, carry an ANS SAN URI and are not revoked (when a
 *       {@link RevocationGuard} is given).</li>
 *   <li>{@link #upstreamHandler} for connections to agents: mTLS with the same identity; the
 *       agent's certificate must chain to the ANS CA and its SAN URI must be the ANS name being
 *       called, checked inside the handshake, so no request byte reaches a wrong peer.</li>
 * </ul>
 *
 * <p>Core placement: the listener adds {@code serverHandler(ch.alloc())} first in
 * the channel pipeline and, once the handshake succeeds, puts {@link #peerCertificates} of the
 * session in the exchange attribute {@code ExchangeAttributes.PEER_CERTIFICATES}. The upstream
 * pool adds {@code upstreamHandler(ch.alloc(), route.target(), port)} first in each upstream
 * channel and writes the request after its {@code handshakeFuture()} succeeds.
 *
 * <p>Uses the JDK TLS provider unless netty-tcnative happens to be on the class path.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * GatewayTls tls = GatewayTls.builder(gatewayIdentity)
 *         .clientAuth(GatewayTls.ClientAuth.REQUIRE)
 *         .revocationGuard(guard)
 *         .applicationProtocols(List.of("h2", "http/1.1"))
 *         .build();
 * ch.pipeline().addFirst("tls", tls.serverHandler(ch.alloc()));
 * upstream.pipeline().addFirst("tls", tls.upstreamHandler(upstream.alloc(), route.target(), 9443));
 * }</pre>
 */
public final class GatewayTls {
    private static final String TLS13 = "TLSv1.3";
    private static final String TLS12 = "TLSv1.2";
    private static final String PREFIX = AgentName.SCHEME + "://";

    /** Whether the listener requires a client certificate. */
    public enum ClientAuth {
        /** Every client presents an ANS certificate; a handshake without one fails. */
        REQUIRE,
        /** A client may connect without a certificate; filters then decide (401 or anonymous paths). */
        OPTIONAL
    }

    private static final Logger LOG = LoggerFactory.getLogger(GatewayTls.class);

    private final AgentIdentity identity;
    private final List<X509Certificate> trustAnchors;
    private final @Nullable RevocationGuard guard;
    private final SslContext server;
    private final SslContext upstream;

    private GatewayTls(Builder b, List<X509Certificate> anchors) {
        this.identity = b.identity;
        this.trustAnchors = List.copyOf(anchors);
        this.guard = b.guard;
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        List<String> protocols = b.allowTls12 ? List.of(TLS13, TLS12) : List.of(TLS13);
        javax.net.ssl.X509ExtendedKeyManager keys = identity.keyManager();
        AnsPeerTrust trust = new AnsPeerTrust(trustAnchors, b.peerAnchors, b.guard);
        try {
            SslContextBuilder serverBuilder = SslContextBuilder.forServer(keys)
                    .sslProvider(provider)
                    .trustManager(trust)
                    .protocols(protocols)
                    .clientAuth(b.clientAuth == ClientAuth.REQUIRE ? io.netty.handler.ssl.ClientAuth.REQUIRE
                            : io.netty.handler.ssl.ClientAuth.OPTIONAL);
            if (!b.serverProtocols.isEmpty()) {
                serverBuilder.applicationProtocolConfig(alpn(b.serverProtocols));
            }
            this.server = serverBuilder.build();
            SslContextBuilder clientBuilder = SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .keyManager(keys)
                    .trustManager(trust)
                    .protocols(protocols)
                    // The ANS name is checked instead of a host name: endpoints are often IP addresses.
                    .endpointIdentificationAlgorithm(null);
            if (!b.upstreamProtocols.isEmpty()) {
                clientBuilder.applicationProtocolConfig(alpn(b.upstreamProtocols));
            }
            this.upstream = clientBuilder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the gateway TLS contexts: " + e.getMessage(), e);
        }
    }

    private static ApplicationProtocolConfig alpn(List<String> protocols) {
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }

    /** Returns a builder for the gateway presenting this identity, which must be certified. */
    public static Builder builder(AgentIdentity identity) {
        return new Builder(identity);
    }

    /**
     * Returns the listener's context; every handler it creates follows identity renewals.
     * Prefer {@link #serverHandler}, which also covers resumed sessions.
     */
    public SslContext serverContext() {
        return server;
    }

    /**
     * Returns a TLS handler for one accepted connection. Besides what the context checks, it
     * closes the connection right after a handshake whose peer is revoked: a resumed TLS
     * session skips certificate verification, so the handshake check alone would let a
     * revoked client back in with a ticket from before its revocation.
     */
    public SslHandler serverHandler(ByteBufAllocator alloc) {
        return closeIfRevoked(server.newHandler(Objects.requireNonNull(alloc, "alloc")));
    }

    /**
     * Returns the shared upstream context. Its engines verify the agent's name only when they
     * are created by {@link #upstreamHandler}: use that, not {@code newHandler}.
     */
    public SslContext upstreamContext() {
        return upstream;
    }

    /**
     * Returns a TLS handler for a connection to the agent {@code expected}: it sends the agent's
     * host name as SNI and fails the handshake unless the agent's certificate chains to the ANS
     * CA, is not revoked, and carries {@code expected} in its SAN URI (for a version-less
     * name, any version of that agent).
     *
     * @param alloc the channel's allocator
     * @param expected the ANS name being called, such as {@code route.target()}
     * @param port the endpoint's port (part of the TLS session cache key)
     */
    public SslHandler upstreamHandler(ByteBufAllocator alloc, AgentName expected, int port) {
        Objects.requireNonNull(alloc, "alloc");
        Objects.requireNonNull(expected, "expected");
        // The peer host carries the expected name to AnsPeerTrust and keys the session cache.
        SSLEngine engine = upstream.newEngine(alloc, expected.toString().substring(PREFIX.length()), port);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(expected.fqdn())));
        parameters.setEndpointIdentificationAlgorithm(null);
        engine.setSSLParameters(parameters);
        return closeIfRevoked(new SslHandler(engine));
    }

    private SslHandler closeIfRevoked(SslHandler handler) {
        RevocationGuard g = guard;
        if (g != null) {
            handler.handshakeFuture().addListener(done -> {
                if (!done.isSuccess()) {
                    return;
                }
                X509Certificate[] peer = peerCertificates(handler.engine().getSession());
                if (peer.length > 0 && g.isRevoked(peer[0])) {
                    LOG.info("closing a resumed TLS session of revoked certificate {}", peer[0].getSerialNumber().toString(16));
                    handler.engine().getSession().invalidate();
                    Channel ch = (Channel) done.getNow();
                    if (ch != null) {
                        ch.close();
                    }
                }
            });
        }
        return handler;
    }

    /** Returns the identity the gateway presents. */
    public AgentIdentity identity() {
        return identity;
    }

    /** Returns the CA certificates peers must chain to. */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /**
     * Returns the peer's verified certificate chain of a finished handshake, leaf first; empty
     * when the peer presented none. What the listener puts in
     * {@code ExchangeAttributes.PEER_CERTIFICATES}.
     */
    public static X509Certificate[] peerCertificates(SSLSession session) {
        Objects.requireNonNull(session, "session");
        try {
            Certificate[] chain = session.getPeerCertificates();
            List<X509Certificate> out = new ArrayList<>(chain.length);
            for (Certificate c : chain) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
            return out.toArray(new X509Certificate[0]);
        } catch (SSLPeerUnverifiedException e) {
            return new X509Certificate[0];
        }
    }

    /**
     * Configures {@link GatewayTls}; not thread-safe.
     *
     * <pre>{@code
     * GatewayTls tls = GatewayTls.builder(identity).allowTls12(true).build();
     * }</pre>
     */
    public static final class Builder {
        private final AgentIdentity identity;
        private @Nullable List<X509Certificate> anchors;
        private ClientAuth clientAuth = ClientAuth.REQUIRE;
        private boolean allowTls12;
        private List<String> serverProtocols = List.of();
        private List<String> upstreamProtocols = List.of();
        private @Nullable RevocationGuard guard;
        private final Map<X509Certificate, Domain> peerAnchors = new LinkedHashMap<>();

        private Builder(AgentIdentity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
        }

        /** Sets the CA certificates peers must chain to (default: the identity's CA chain). */
        public Builder trustAnchors(List<X509Certificate> value) {
            this.anchors = List.copyOf(value);
            return this;
        }

        /**
         * Also trusts a federated peer domain's CA certificates (ANS-SYNC-3), for certificates
         * naming agents of that domain only, callers and upstream alike.
         */
        public Builder peerAnchors(Domain domain, List<X509Certificate> ca) {
            Objects.requireNonNull(domain, "domain");
            for (X509Certificate c : ca) {
                peerAnchors.put(c, domain);
            }
            return this;
        }

        /** Sets whether the listener requires client certificates (default {@link ClientAuth#REQUIRE}). */
        public Builder clientAuth(ClientAuth value) {
            this.clientAuth = Objects.requireNonNull(value, "clientAuth");
            return this;
        }

        /** Also accepts TLS 1.2, for legacy clients (default: TLS 1.3 only). */
        public Builder allowTls12(boolean value) {
            this.allowTls12 = value;
            return this;
        }

        /** Sets the ALPN protocols the listener offers, preferred first, such as {@code h2, http/1.1} (default none). */
        public Builder applicationProtocols(List<String> value) {
            this.serverProtocols = List.copyOf(value);
            return this;
        }

        /** Sets the ALPN protocols offered to upstream agents (default none: HTTP/1.1). */
        public Builder upstreamApplicationProtocols(List<String> value) {
            this.upstreamProtocols = List.copyOf(value);
            return this;
        }

        /** Refuses revoked certificates in handshakes, both ways (default: no revocation check). */
        public Builder revocationGuard(RevocationGuard value) {
            this.guard = Objects.requireNonNull(value, "guard");
            return this;
        }

        /**
         * Builds the contexts.
         *
         * @throws IllegalStateException when the identity is not certified yet
         * @throws IllegalArgumentException when there are no trust anchors
         */
        public GatewayTls build() {
            identity.certificate();
            List<X509Certificate> trust = anchors != null ? anchors : identity.caChain();
            return new GatewayTls(this, trust);
        }
    }
}
