package dev.acf.interop;

import dev.acf.client.AgentIdentity;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for clients that cannot be told how to check a peer's name (the JDK's
 * {@code HttpClient} inside the A2A Java SDK): the peer's chain must lead to the ANS CA, and
 * instead of a host name its certificate must carry the expected ANS name as a SAN URI, which
 * is how ACF's own clients recognise the gateway. Thread-safe.
 */
final class AnsPeerTrust extends X509ExtendedTrustManager {
    private final X509TrustManager chains;
    private final String peerName;

    private AnsPeerTrust(X509TrustManager chains, String peerName) {
        this.chains = chains;
        this.peerName = peerName;
    }

    /** Returns a TLS context presenting {@code identity} and accepting only the peer named {@code peerName}. */
    static SSLContext context(AgentIdentity identity, String peerName) throws GeneralSecurityException {
        X509TrustManager chains = Arrays.stream(identity.trustManagers()).filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast).findFirst().orElseThrow();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {identity.keyManager()}, new TrustManager[] {new AnsPeerTrust(chains, peerName)}, null);
        return context;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        chains.checkServerTrusted(chain, authType);
        if (!names(chain[0]).contains(peerName)) {
            throw new CertificateException("the peer is not " + peerName + ": its certificate names " + names(chain[0]));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client-side trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chains.getAcceptedIssuers();
    }

    private static List<String> names(X509Certificate certificate) throws CertificateParsingException {
        var sans = certificate.getSubjectAlternativeNames();
        return sans == null ? List.of() : sans.stream().filter(san -> Integer.valueOf(6).equals(san.get(0)))
                .map(san -> String.valueOf(san.get(1))).toList();
    }
}
