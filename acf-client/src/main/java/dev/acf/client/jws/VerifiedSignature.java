package dev.acf.client.jws;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified ANS response signature tells: which key signed, with which algorithm, and
 * when. Immutable.
 *
 * @param keyId the {@code kid} of the signing key (its RFC 7638 thumbprint)
 * @param algorithm the JWS {@code alg}, such as {@code ES256}
 * @param issuedAt when the ANS signed, from the protected header's {@code iat}
 */
public record VerifiedSignature(String keyId, String algorithm, Instant issuedAt) {

    /** Requires every component. */
    public VerifiedSignature {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
