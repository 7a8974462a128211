package dev.acf.gateway.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.name.Domain;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * A federated peer's CA is trusted for the peer's names only (ANS-SYNC-3): a certificate it
 * signs for a name of this domain, or of a third one, fails verification both ways.
 */
class PeerAnchorsTest {
    private static final Domain PEER = Domain.of("b.example.net");

    record Ca(KeyPair key, X509Certificate certificate) {}

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Ca ca(String cn) throws Exception {
        KeyPair key = ecKey();
        X500Name name = new X500Name("CN=" + cn);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), name, key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Ca(key, new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(key.getPrivate()))));
    }

    private static X509Certificate leaf(Ca ca, String ansName) throws Exception {
        KeyPair key = ecKey();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(ca.certificate().getSubjectX500Principal().getName()),
                BigInteger.valueOf(now.toEpochMilli() + 1), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofHours(1))),
                new X500Name("CN=agent"), key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, ansName)))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(ca.key().getPrivate())));
    }

    @Test
    void peerCaCertifiesItsOwnNamesOnly() throws Exception {
        Ca home = ca("ANS CA a.example.net");
        Ca peer = ca("ANS CA b.example.net");
        AnsPeerTrust trust = new AnsPeerTrust(List.of(home.certificate()), Map.of(peer.certificate(), PEER), null);

        X509Certificate own = leaf(peer, "ans://v1.0.0.gateway.b.example.net");
        assertThatCode(() -> trust.checkClientTrusted(new X509Certificate[] {own, peer.certificate()}, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        X509Certificate impostor = leaf(peer, "ans://v1.0.0.admin.a.example.net");
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {impostor, peer.certificate()}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("names ans://v1.0.0.admin.a.example.net but chains to the CA of peer domain b.example.net");
        X509Certificate third = leaf(peer, "ans://v1.0.0.root.c.example.net");
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {third}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("trusted for that domain's names only");
        X509Certificate homeAgent = leaf(home, "ans://v1.0.0.rca.a.example.net");
        assertThatCode(() -> trust.checkClientTrusted(new X509Certificate[] {homeAgent}, "ECDHE_ECDSA")).doesNotThrowAnyException();
    }
}
