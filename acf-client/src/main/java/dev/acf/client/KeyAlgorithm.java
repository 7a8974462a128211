package dev.acf.client;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The key types an agent may hold (ANS-REG-1): EC P-256 (the default), EC P-384, Ed25519 and
 * RSA with 2048 or 3072 bits. Each names the signature algorithm its CSR is signed with.
 *
 * <pre>{@code
 * AgentIdentity identity = AgentIdentity.generate(name, KeyAlgorithm.ED25519);
 * }</pre>
 */
public enum KeyAlgorithm {
    /** ECDSA on P-256, CSR signed with SHA256withECDSA; the default. */
    EC_P256("SHA256withECDSA"),
    /** ECDSA on P-384, CSR signed with SHA384withECDSA. */
    EC_P384("SHA384withECDSA"),
    /** EdDSA on Ed25519, CSR signed with Ed25519. */
    ED25519("Ed25519"),
    /** RSA with a 2048-bit modulus, CSR signed with SHA256withRSA. */
    RSA_2048("SHA256withRSA"),
    /** RSA with a 3072-bit modulus, CSR signed with SHA256withRSA. */
    RSA_3072("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyAlgorithm(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** Returns the JCA name of the algorithm a CSR made with this key is signed with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a new key pair of this type. Thread-safe. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = switch (this) {
                case EC_P256, EC_P384 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"));
                    yield g;
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
                case RSA_2048, RSA_3072 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(this == RSA_2048 ? 2048 : 3072);
                    yield g;
                }
            };
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + this + " keys", e);
        }
    }

    /**
     * Returns the type of a public key.
     *
     * @throws IllegalArgumentException for a key type or size agents may not use
     */
    public static KeyAlgorithm of(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> EC_P256;
                case 384 -> EC_P384;
                default -> throw new IllegalArgumentException("unsupported EC curve of " + bits + " bits: use P-256 or P-384");
            };
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return switch (bits) {
                case 2048 -> RSA_2048;
                case 3072 -> RSA_3072;
                default -> throw new IllegalArgumentException("unsupported RSA key of " + bits + " bits: use 2048 or 3072");
            };
        }
        if (key instanceof EdECKey ed && ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
            return ED25519;
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + ": use EC P-256/P-384, Ed25519 or RSA");
    }
}
