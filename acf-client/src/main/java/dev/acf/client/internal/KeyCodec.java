package dev.acf.client.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/**
 * Reads PKCS#8 private keys with the JDK's own providers and derives the public half, so a key
 * file needs to hold nothing but the private key. Stateless and thread-safe.
 */
public final class KeyCodec {
    private KeyCodec() {}

    /**
     * Reads a PKCS#8 private key (EC, RSA or Ed25519) and derives its public key.
     *
     * @throws GeneralSecurityException when the bytes are not such a key
     */
    public static KeyPair readPkcs8(byte[] der) throws GeneralSecurityException {
        ASN1ObjectIdentifier oid;
        try {
            oid = PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new GeneralSecurityException("not a PKCS#8 private key: " + e.getMessage(), e);
        }
        String algorithm;
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            algorithm = "EC";
        } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            algorithm = "RSA";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            algorithm = "Ed25519";
        } else {
            throw new GeneralSecurityException("unsupported private key algorithm " + oid + ": use EC, RSA or Ed25519");
        }
        PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return new KeyPair(publicKeyOf(key), key);
    }

    /** Derives the public key of a private key. */
    public static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        return switch (key) {
            case ECPrivateKey ec -> {
                var spec = EC5Util.convertSpec(ec.getParams());
                var q = spec.getG().multiply(ec.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            }
            case RSAPrivateCrtKey rsa -> KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            case EdECPrivateKey ed -> {
                byte[] raw = ed.getBytes().orElseThrow(() -> new GeneralSecurityException("the Ed25519 key cannot be exported"));
                byte[] pub = new Ed25519PrivateKeyParameters(raw, 0).generatePublicKey().getEncoded();
                try {
                    byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), pub).getEncoded();
                    yield KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                } catch (IOException e) {
                    throw new GeneralSecurityException("cannot encode the Ed25519 public key", e);
                }
            }
            default -> throw new GeneralSecurityException("cannot derive the public key of a " + key.getAlgorithm() + " key");
        };
    }

    /** Returns true when two public keys are the same key. */
    public static boolean sameKey(PublicKey a, PublicKey b) {
        return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    }
}
