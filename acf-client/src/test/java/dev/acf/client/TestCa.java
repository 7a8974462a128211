package dev.acf.client;

import dev.acf.client.internal.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A one-level CA for unit tests: certifies a CSR's key and names, as ANS would. */
final class TestCa {
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private final KeyPair key;
    private final X509Certificate root;

    TestCa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        key = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Test Root");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))), name, key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        root = new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    X509Certificate root() {
        return root;
    }

    /** Certifies the key of a PEM CSR for its SAN URI, valid for the given time. */
    List<X509Certificate> certify(String csrPem, Duration validity) throws Exception {
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Pem.decode(csrPem, "CERTIFICATE REQUEST").get(0));
        var requested = GeneralNames.fromExtensions(csr.getRequestedExtensions(), Extension.subjectAlternativeName);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test Root"), BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(validity)), csr.getSubject(),
                new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr).getPublicKey())
                .addExtension(Extension.subjectAlternativeName, false, requested == null ? new GeneralNames(new GeneralName[0]) : requested);
        X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        return List.of(leaf, root);
    }
}
