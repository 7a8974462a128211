package dev.acf.client.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 for JWS on the JDK's own EdDSA: nimbus-jose-jwt delegates Ed25519 to Google Tink,
 * which ACF does not ship, so signing, verification and the raw-key conversions of RFC 8037
 * live here. Stateless and thread-safe.
 */
final class Ed25519Jws {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    // Fixed DER prefixes of an Ed25519 SubjectPublicKeyInfo and PKCS#8 v1 key (RFC 8410).
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final int KEY_LENGTH = 32;

    private Ed25519Jws() {}

    /** Whether a key is an Ed25519 key (the JDK names it "EdDSA" or "Ed25519"). */
    static boolean isEd25519(java.security.Key key) {
        if (key instanceof java.security.interfaces.EdECKey ed) {
            return "Ed25519".equalsIgnoreCase(ed.getParams().getName());
        }
        String algorithm = key.getAlgorithm();
        return "Ed25519".equalsIgnoreCase(algorithm)
                || ("EdDSA".equalsIgnoreCase(algorithm) && key.getEncoded() != null
                        && key.getEncoded().length == SPKI_PREFIX.length + KEY_LENGTH);
    }

    static PublicKey publicKey(byte[] x) throws GeneralSecurityException {
        if (x.length != KEY_LENGTH) {
            throw new GeneralSecurityException("an Ed25519 public key has 32 bytes, not " + x.length);
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, x)));
    }

    static PrivateKey privateKey(byte[] d) throws GeneralSecurityException {
        if (d.length != KEY_LENGTH) {
            throw new GeneralSecurityException("an Ed25519 private key has 32 bytes, not " + d.length);
        }
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, d)));
    }

    static byte[] rawPublicKey(PublicKey key) throws GeneralSecurityException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != SPKI_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(encoded, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new GeneralSecurityException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length);
    }

    static byte[] rawPrivateKey(PrivateKey key) throws GeneralSecurityException {
        PrivateKey jdkKey = key instanceof EdECPrivateKey
                ? key
                : KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        return ((EdECPrivateKey) jdkKey).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the Ed25519 private key cannot be exported"));
    }

    private static byte[] concat(byte[] prefix, byte[] key) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, out, prefix.length, key.length);
        return out;
    }

    private static void requireEdDsa(JWSHeader header) throws JOSEException {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new JOSEException("Ed25519 cannot be used with alg " + header.getAlgorithm());
        }
    }

    /** Signs with an Ed25519 private key. */
    static final class Signer extends Ed25519Provider implements JWSSigner {
        private final PrivateKey key;

        Signer(PrivateKey key) {
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            requireEdDsa(header);
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(key);
                signature.update(signingInput);
                return Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
            }
        }

    }

    /** What the nimbus signer and verifier share: the one algorithm and a JCA context. */
    abstract static class Ed25519Provider implements com.nimbusds.jose.JWSProvider {
        private final JCAContext context = new JCAContext();

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return context;
        }
    }

    /** Verifies with an Ed25519 public key. */
    static final class Verifier extends Ed25519Provider implements JWSVerifier {
        private final PublicKey key;

        Verifier(PublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            requireEdDsa(header);
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(signature.decode());
            } catch (SignatureException e) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 verification failed: " + e.getMessage(), e);
            }
        }

    }
}
