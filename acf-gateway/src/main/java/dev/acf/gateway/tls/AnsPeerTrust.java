package dev.acf.gateway.tls;

import dev.acf.api.name.AgentName;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Verifies peers against the ANS CA chain (PKIX, by the JDK) and then what PKIX cannot know:
 * the leaf carries an ANS name, it is not revoked, and, for upstream connections, it names the
 * agent the gateway meant to call. A refusal is a {@link CertificateException}, so the
 * handshake fails with a {@code bad_certificate} / {@code certificate_revoked} alert.
 *
 * <p>The expected upstream name travels as the engine's peer host (see
 * {@link GatewayTls#upstreamHandler}); the JDK also keys its session cache by it, so a resumed
 * session was verified for the same name. Thread-safe.
 */
final class AnsPeerTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final @Nullable RevocationGuard guard;

    AnsPeerTrust(List<X509Certificate> anchors, @Nullable RevocationGuard guard) {
        this.pkix = pkix(anchors);
        this.guard = guard;
    }

    private static X509ExtendedTrustManager pkix(List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("the ANS trust anchors are empty: certify the gateway identity first or pass the CA chain");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : anchors) {
                store.setCertificateEntry("ans-ca-" + i++, anchor);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager for PKIX");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the ANS trust manager: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        checkCaller(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        checkCaller(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        checkCaller(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
        checkUpstream(chain, engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        String host = socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getHandshakeSession().getPeerHost() : null;
        checkUpstream(chain, host);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("upstream certificates are verified against the ANS name called; connect through GatewayTls.upstreamHandler");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private void checkCaller(X509Certificate[] chain) throws CertificateException {
        X509Certificate leaf = chain[0];
        if (CallerCertificates.agentName(leaf).isEmpty()) {
            throw new CertificateException("client certificate " + leaf.getSerialNumber().toString(16) + " carries no ANS name in its SAN URI");
        }
        checkNotRevoked(leaf);
    }

    private void checkUpstream(X509Certificate[] chain, @Nullable String peerHost) throws CertificateException {
        X509Certificate leaf = chain[0];
        AgentName expected = expectedName(peerHost);
        Optional<AgentName> presented = CallerCertificates.agentName(leaf);
        if (presented.isEmpty()) {
            throw new CertificateException("the upstream certificate carries no ANS name; expected " + expected);
        }
        AgentName actual = presented.get();
        boolean matches = expected.hasVersion() ? actual.equals(expected) : actual.fqdn().equals(expected.fqdn());
        if (!matches) {
            throw new CertificateException("the upstream certificate names " + actual + ", not " + expected);
        }
        checkNotRevoked(leaf);
    }

    private static AgentName expectedName(@Nullable String peerHost) throws CertificateException {
        String text = peerHost == null ? "" : AgentName.SCHEME + "://" + peerHost;
        if (!AgentName.isValid(text)) {
            throw new CertificateException("the upstream connection does not say which ANS name it calls (peer host '" + peerHost
                    + "'); create its handler with GatewayTls.upstreamHandler");
        }
        return AgentName.parse(text);
    }

    private void checkNotRevoked(X509Certificate leaf) throws CertificateException {
        RevocationGuard g = guard;
        if (g != null && g.isRevoked(leaf)) {
            throw new CertificateException("certificate " + leaf.getSerialNumber().toString(16) + " was revoked");
        }
    }
}
