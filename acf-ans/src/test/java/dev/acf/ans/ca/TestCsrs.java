package dev.acf.ans.ca;

import dev.acf.api.name.AgentName;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys (generated once per JVM) and PKCS#10 requests built with Bouncy Castle, for the CA tests. */
final class TestCsrs {
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private TestCsrs() {}

    static KeyPair ec(String curve) {
        return KEYS.computeIfAbsent(curve, c -> generate("EC", g -> g.initialize(new ECGenParameterSpec(c))));
    }

    static KeyPair ed25519() {
        return KEYS.computeIfAbsent("ed25519", c -> generate("Ed25519", g -> {}));
    }

    static KeyPair rsa(int bits) {
        return rsa(bits, RSAKeyGenParameterSpec.F4);
    }

    static KeyPair rsa(int bits, BigInteger exponent) {
        return KEYS.computeIfAbsent("rsa" + bits + "e" + exponent, c -> generate("RSA", g -> g.initialize(new RSAKeyGenParameterSpec(bits, exponent))));
    }

    /** The usual signature algorithm for the key. */
    static String algorithmFor(KeyPair keys) {
        return switch (keys.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> keys.getPublic().getEncoded().length > 100 ? "SHA384withECDSA" : "SHA256withECDSA";
            default -> "Ed25519";
        };
    }

    /** A well-formed request for the name: CN = FQDN, SAN URI = name, SAN DNS = FQDN. */
    static byte[] forName(KeyPair keys, AgentName name) {
        return csr(keys, algorithmFor(keys), new X500Name("CN=" + name.fqdn()),
                new GeneralName(GeneralName.uniformResourceIdentifier, name.toString()), new GeneralName(GeneralName.dNSName, name.fqdn()));
    }

    static byte[] csr(KeyPair keys, String signatureAlgorithm, X500Name subject, GeneralName... sans) {
        try {
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
            if (sans.length > 0) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Init {
        void apply(KeyPairGenerator generator) throws GeneralSecurityException;
    }

    private static KeyPair generate(String algorithm, Init init) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            init.apply(generator);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
