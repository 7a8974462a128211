package dev.acf.gateway.tls;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.security.PublicKey;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * <p>Anchors of a federated peer domain ({@code peerAnchors}) are name-constrained: a chain
 * that leads to one of them must carry an ANS name inside that peer's domain, both ways, so a
 * peer CA can never certify a name of this domain or of a third one.
 *
 * <p>The expected upstream name travels as the engine's peer host (see
 * {@link GatewayTls#upstreamHandler}); the JDK also keys its session cache by it, so a resumed
 * session was verified for the same name. Thread-safe.
 */
final class AnsPeerTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final @Nullable RevocationGuard guard;
    private final Map<X509Certificate, Domain> peerAnchors;

    AnsPeerTrust(List<X509Certificate> anchors, @Nullable RevocationGuard guard) {
        this(anchors, Map.of(), guard);
    }

    /**
     * @param anchors the home CA certificates, trusted for every name
     * @param peerAnchors peer domains' CA certificates, each trusted for names of its domain only
     */
    AnsPeerTrust(List<X509Certificate> anchors, Map<X509Certificate, Domain> peerAnchors, @Nullable RevocationGuard guard) {
        List<X509Certificate> all = new ArrayList<>(anchors);
        all.addAll(peerAnchors.keySet());
        this.pkix = pkix(all);
        this.peerAnchors = Map.copyOf(peerAnchors);
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
        Optional<AgentName> name = CallerCertificates.agentName(leaf);
        if (name.isEmpty()) {
            throw new CertificateException("client certificate " + leaf.getSerialNumber().toString(16) + " carries no ANS name in its SAN URI");
        }
        checkPeerDomain(chain, name.get());
        checkNotRevoked(leaf);
    }

    /** A chain leading to a peer domain's CA may name agents of that domain only. */
    private void checkPeerDomain(X509Certificate[] chain, AgentName name) throws CertificateException {
        if (peerAnchors.isEmpty()) {
            return;
        }
        for (X509Certificate cert : chain) {
            for (Map.Entry<X509Certificate, Domain> anchor : peerAnchors.entrySet()) {
                if (issuedBy(cert, anchor.getKey()) && !anchor.getValue().contains(name)) {
                    throw new CertificateException("certificate " + chain[0].getSerialNumber().toString(16) + " names " + name
                            + " but chains to the CA of peer domain " + anchor.getValue() + ", trusted for that domain's names only");
                }
            }
        }
    }

    private static boolean issuedBy(X509Certificate cert, X509Certificate anchor) {
        if (cert.equals(anchor)) {
            return true;
        }
        if (!cert.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
            return false;
        }
        PublicKey key = anchor.getPublicKey();
        try {
            cert.verify(key);
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
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
        checkPeerDomain(chain, actual);
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
