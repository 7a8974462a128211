package dev.acf.api.ca;

import dev.acf.api.name.AgentName;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A request to certify an agent: its PKCS#10 CSR (DER) and the name it is issued for.
 * The CA validates the CSR against the name before issuing.
 *
 * @param csrDer the DER encoding of the PKCS#10 certification request
 * @param name the agent name the certificate is for (with a version)
 * @param validity how long the certificate should be valid; the CA may shorten it to its maximum
 */
public record CertificateRequest(byte[] csrDer, AgentName name, Duration validity) {

    /** Copies the CSR bytes and requires a versioned name and a positive validity. */
    public CertificateRequest {
        csrDer = Objects.requireNonNull(csrDer, "csrDer").clone();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(validity, "validity");
        if (!name.hasVersion()) {
            throw new IllegalArgumentException("a certificate is issued for a versioned name, was " + name);
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, was " + validity);
        }
    }

    /** Returns a copy of the CSR bytes. */
    @Override
    public byte[] csrDer() {
        return csrDer.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateRequest r && Arrays.equals(csrDer, r.csrDer) && name.equals(r.name) && validity.equals(r.validity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(csrDer), name, validity);
    }

    @Override
    public String toString() {
        return "CertificateRequest[name=" + name + ", validity=" + validity + ", csr=" + csrDer.length + " bytes]";
    }
}
