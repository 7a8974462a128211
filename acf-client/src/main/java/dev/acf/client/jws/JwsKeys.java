package dev.acf.client.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which JWS algorithms a key may be used with, and the nimbus signer or verifier for it.
 * One algorithm per EC curve (RFC 7518 ties them), RS/PS with SHA-2 for RSA, EdDSA for
 * Ed25519; HMAC and {@code none} never, so a public key can never be used as an HMAC secret.
 *
 * <p>Public for the ANS's own signer; applications use {@link RequestSigner} and
 * {@link SignatureVerifier}. Stateless and thread-safe.
 */
public final class JwsKeys {
    private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    /** The smallest RSA modulus accepted, as for CSRs (ANS-REG-1). */
    static final int MIN_RSA_BITS = 2048;

    private JwsKeys() {}

    /** Returns the algorithms a JWK may verify; empty when the key is not usable for signatures. */
    static Set<JWSAlgorithm> algorithms(JWK jwk) {
        Set<JWSAlgorithm> byType = switch (jwk) {
            case ECKey ec -> ecAlgorithm(ec.getCurve());
            case OctetKeyPair okp when Curve.Ed25519.equals(okp.getCurve()) -> Ed25519Jws.ALGORITHMS;
            case RSAKey rsa when rsa.size() >= MIN_RSA_BITS -> RSA_ALGORITHMS;
            default -> Set.of();
        };
        if (jwk.getAlgorithm() == null) {
            return byType;
        }
        JWSAlgorithm declared = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        return byType.contains(declared) ? Set.of(declared) : Set.of();
    }

    /** Returns the algorithms a public key may verify; empty when not supported. */
    static Set<JWSAlgorithm> algorithms(PublicKey key) {
        return switch (key) {
            case ECPublicKey ec -> ecAlgorithm(Curve.forECParameterSpec(ec.getParams()));
            case RSAPublicKey rsa when rsa.getModulus().bitLength() >= MIN_RSA_BITS -> RSA_ALGORITHMS;
            default -> Ed25519Jws.isEd25519(key) ? Ed25519Jws.ALGORITHMS : Set.of();
        };
    }

    /** Describes a key's type for messages: "EC P-256", "RSA 2048", "Ed25519". */
    static String describe(PublicKey key) {
        return switch (key) {
            case ECPublicKey ec -> {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                yield "EC " + (curve == null ? ec.getParams().getCurve().getField().getFieldSize() + "-bit" : curve.getName());
            }
            case RSAPublicKey rsa -> "RSA " + rsa.getModulus().bitLength();
            default -> Ed25519Jws.isEd25519(key) ? "Ed25519" : key.getAlgorithm();
        };
    }

    private static Set<JWSAlgorithm> ecAlgorithm(@Nullable Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return Set.of(JWSAlgorithm.ES256);
        }
        if (Curve.P_384.equals(curve)) {
            return Set.of(JWSAlgorithm.ES384);
        }
        if (Curve.P_521.equals(curve)) {
            return Set.of(JWSAlgorithm.ES512);
        }
        return Set.of();
    }

    /** Returns the algorithm a private key signs with. */
    static JWSAlgorithm algorithmFor(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            Set<JWSAlgorithm> algorithms = ecAlgorithm(Curve.forECParameterSpec(ec.getParams()));
            if (algorithms.isEmpty()) {
                throw new IllegalArgumentException("unsupported EC curve: only P-256, P-384 and P-521 sign JWS");
            }
            return algorithms.iterator().next();
        }
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA keys need at least " + MIN_RSA_BITS + " bits, was "
                        + rsa.getModulus().bitLength());
            }
            return JWSAlgorithm.RS256;
        }
        if (Ed25519Jws.isEd25519(key)) {
            return JWSAlgorithm.EdDSA;
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm()
                + ": use EC P-256/P-384, Ed25519 or RSA >= 2048");
    }

    /** Returns a signer for a private key. */
    static JWSSigner signer(PrivateKey key) throws JOSEException {
        if (key instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        if (key instanceof RSAPrivateKey) {
            return new RSASSASigner(key);
        }
        return new Ed25519Jws.Signer(key);
    }

    /**
     * Returns the nimbus signer for a private JWK (EC, RSA or Ed25519).
     *
     * @throws JOSEException when the key cannot sign
     */
    public static JWSSigner signer(JWK jwk) throws JOSEException {
        return switch (jwk) {
            case ECKey ec -> new ECDSASigner(ec);
            case OctetKeyPair okp -> {
                try {
                    yield new Ed25519Jws.Signer(Ed25519Jws.privateKey(okp.getDecodedD()));
                } catch (GeneralSecurityException e) {
                    throw new JOSEException("not a usable Ed25519 private key: " + e.getMessage(), e);
                }
            }
            case RSAKey rsa -> new RSASSASigner(rsa);
            default -> throw new JOSEException("unsupported signing key type " + jwk.getKeyType());
        };
    }

    /** Returns a verifier for a public key. */
    static JWSVerifier verifier(PublicKey key) throws JOSEException {
        return switch (key) {
            case ECPublicKey ec -> new ECDSAVerifier(ec);
            case RSAPublicKey rsa -> new RSASSAVerifier(rsa);
            default -> new Ed25519Jws.Verifier(key);
        };
    }

    /** Returns a verifier for a public JWK (EC, Ed25519 or RSA). */
    public static JWSVerifier verifier(JWK jwk) throws JOSEException {
        return switch (jwk) {
            case ECKey ec -> new ECDSAVerifier(ec.toPublicJWK());
            case OctetKeyPair okp -> {
                try {
                    yield new Ed25519Jws.Verifier(Ed25519Jws.publicKey(okp.getDecodedX()));
                } catch (GeneralSecurityException e) {
                    throw new JOSEException("not a usable Ed25519 public key: " + e.getMessage(), e);
                }
            }
            case RSAKey rsa -> new RSASSAVerifier(rsa.toPublicJWK());
            default -> throw new JOSEException("unsupported verification key type " + jwk.getKeyType());
        };
    }

    /** Returns the 32 raw bytes of an Ed25519 public key (RFC 8037 {@code x}). */
    public static byte[] rawEd25519PublicKey(PublicKey key) throws GeneralSecurityException {
        return Ed25519Jws.rawPublicKey(key);
    }

    /** Returns the 32 raw bytes of an Ed25519 private key (RFC 8037 {@code d}). */
    public static byte[] rawEd25519PrivateKey(PrivateKey key) throws GeneralSecurityException {
        return Ed25519Jws.rawPrivateKey(key);
    }
}
