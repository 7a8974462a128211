package dev.acf.api.ca;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A certificate a CA issued, with the chain that leads to its root.
 *
 * @param certificate the leaf certificate
 * @param issuers the issuing CA certificate first, the root last
 */
public record IssuedCertificate(X509Certificate certificate, List<X509Certificate> issuers) {

    /** Copies the issuer list. */
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        issuers = List.copyOf(issuers);
    }

    /** Returns the whole chain, leaf first. */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>(issuers.size() + 1);
        chain.add(certificate);
        chain.addAll(issuers);
        return List.copyOf(chain);
    }

    /** Returns the chain as PEM text, leaf first (the form the ANS HTTP API returns). */
    public String chainPem() {
        return pem(chain());
    }

    /** Encodes certificates as concatenated PEM blocks. */
    public static String pem(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate c : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n")
                        .append(encoder.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(), e);
            }
        }
        return out.toString();
    }
}
