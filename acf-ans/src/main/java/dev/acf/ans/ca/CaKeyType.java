package dev.acf.ans.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The key type of a CA's root and issuing keys, and so the signature algorithm of the
 * certificates and CRLs it signs. Applies only when a CA is created; a CA loaded from its key
 * store keeps the type it was created with.
 */
public enum CaKeyType {
    /** ECDSA on NIST P-256, signing with SHA-256 (the default: small and fast). */
    EC_P256,
    /** ECDSA on NIST P-384, signing with SHA-384. */
    EC_P384,
    /** RSA 3072 bits, signing with SHA-256 (PKCS#1 v1.5). */
    RSA_3072,
    /** RSA 4096 bits, signing with SHA-256 (PKCS#1 v1.5). */
    RSA_4096,
    /** Ed25519 (RFC 8410). */
    ED25519;

    /** Generates a fresh key pair of this type. */
    KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = switch (this) {
                case EC_P256, EC_P384 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"), random);
                    yield g;
                }
                case RSA_3072, RSA_4096 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(new RSAKeyGenParameterSpec(this == RSA_3072 ? 3072 : 4096, RSAKeyGenParameterSpec.F4), random);
                    yield g;
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
            };
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + this + " keys", e);
        }
    }

    /** Returns the JCA signature algorithm a CA signs with when its key is {@code key}. */
    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        String algorithm = key.getAlgorithm();
        if (algorithm.equals("EdDSA") || algorithm.equals("Ed25519")) {
            return "Ed25519";
        }
        throw new IllegalArgumentException("a CA key must be EC, RSA or Ed25519, was " + algorithm);
    }

    /** Returns the type of an existing key, for log messages. */
    static String describe(PrivateKey key) {
        if (key instanceof ECKey ec) {
            return "EC P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        return key.getAlgorithm();
    }
}
