package dev.acf.api.ca;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate authority of one domain (ANS-REG-2): issues X.509 certificates whose SAN
 * URI is the agent's ANS name, revokes them, and publishes a signed CRL and per-certificate
 * status (ANS-LIFE-3). Its keys persist across restarts (through a {@link KeyMaterialStore}).
 *
 * <p>Implementations are thread-safe. Errors are {@link dev.acf.api.error.TrustException}s
 * ({@code invalid_csr}, {@code bad_signature}) or {@link dev.acf.api.error.PolicyException}s
 * for requests that break a rule.
 *
 * <pre>{@code
 * IssuedCertificate issued = ca.issue(new CertificateRequest(csrDer, name, Duration.ofHours(24)));
 * ca.revoke(issued.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
 * byte[] crl = ca.crl();
 * }</pre>
 */
public interface CertificateAuthority {

    /** Validates the CSR against the requested name and issues a leaf certificate. */
    IssuedCertificate issue(CertificateRequest request);

    /**
     * Revokes a certificate; the next CRL lists it. Revoking twice keeps the first reason.
     *
     * @throws dev.acf.api.error.NotFoundException when this CA did not issue the serial
     */
    void revoke(BigInteger serial, RevocationReason reason);

    /** Returns what this CA knows of a serial number. */
    CertificateStatus status(BigInteger serial);

    /** Returns the current CRL, DER-encoded and signed, with a CRL number that only increases. */
    byte[] crl();

    /** Returns the CA certificates, issuing CA first and root last. */
    List<X509Certificate> chain();
}
