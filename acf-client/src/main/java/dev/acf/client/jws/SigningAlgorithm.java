package dev.acf.client.jws;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The algorithms the ANS can sign with; each names one key type, so the JWS {@code alg} and
 * the key always agree.
 *
 * <pre>{@code
 * AnsSigner signer = AnsSigner.builder().dataDirectory(dir).algorithm(SigningAlgorithm.ED25519).build();
 * }</pre>
 */
public enum SigningAlgorithm {
    /** ECDSA on P-256 with SHA-256; the default. */
    ES256(JWSAlgorithm.ES256),
    /** ECDSA on P-384 with SHA-384. */
    ES384(JWSAlgorithm.ES384),
    /** EdDSA on Ed25519 (RFC 8037), written as {@code alg: EdDSA}. */
    ED25519(JWSAlgorithm.EdDSA);

    private final JWSAlgorithm jwsAlgorithm;

    SigningAlgorithm(JWSAlgorithm jwsAlgorithm) {
        this.jwsAlgorithm = jwsAlgorithm;
    }

    /** Returns the JWS {@code alg} this algorithm is written as. */
    public JWSAlgorithm jwsAlgorithm() {
        return jwsAlgorithm;
    }
}
