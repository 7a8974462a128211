package dev.acf.ans.sync;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import dev.acf.api.error.TrustException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The fingerprint a domain publishes in its {@code _ans._tcp} TXT record ({@code fp=}) to pin its
 * ANS signing key (ANS-SYNC-1): the lowercase hexadecimal SHA-256 of the public key's DER
 * {@code SubjectPublicKeyInfo} (RFC 5280 section 4.1.2.7), the same value as an HPKP/DANE
 * SPKI pin. An operator computes it with
 * {@code openssl pkey -pubin -in key.pem -outform DER | sha256sum}. Stateless and thread-safe.
 *
 * <pre>{@code
 * String fp = KeyFingerprint.of(signer.publicJwks().getKeys().getFirst());
 * }</pre>
 */
public final class KeyFingerprint {
    private KeyFingerprint() {}

    /**
     * Returns the fingerprint of a public (or private) asymmetric JWK.
     *
     * @throws TrustException when the JWK is not an asymmetric key
     */
    public static String of(JWK jwk) {
        if (!(jwk instanceof AsymmetricJWK asymmetric)) {
            throw new TrustException("key " + jwk.getKeyID() + " is not an asymmetric key: it cannot be pinned");
        }
        try {
            return of(asymmetric.toPublicKey());
        } catch (JOSEException e) {
            throw new TrustException("key " + jwk.getKeyID() + " has no usable public key: " + e.getMessage());
        }
    }

    /** Returns the fingerprint of a public key. */
    public static String of(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Returns true when a published fingerprint (hex, any case, colons allowed) names this key. */
    public static boolean matches(String published, JWK jwk) {
        String normalized = published.replace(":", "").trim().toLowerCase(Locale.ROOT);
        return MessageDigest.isEqual(normalized.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                of(jwk).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
