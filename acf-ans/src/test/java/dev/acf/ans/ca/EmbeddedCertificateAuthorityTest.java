package dev.acf.ans.ca;

import dev.acf.api.testkit.MutableClock;

import static dev.acf.ans.ca.CaFixture.RCA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.acf.api.ca.CertificateRequest;
import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.PolicyException;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmbeddedCertificateAuthorityTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);

    @ParameterizedTest
    @EnumSource(value = CaKeyType.class, names = {"EC_P256", "EC_P384", "RSA_3072", "ED25519"})
    void issuedChainVerifiesWithThePkixValidatorAndOpenssl(CaKeyType keyType) throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, java.time.Clock.systemUTC()).keyType(keyType).build()) {
            IssuedCertificate issued = CaFixture.issue(ca, RCA);

            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.rootCertificate(), null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(issued.certificate(), ca.chain().get(0))), parameters);

            Assumptions.assumeTrue(CaFixture.opensslInstalled(), "openssl not installed: skipping the openssl cross-check");
            Path root = CaFixture.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));
            Path issuing = CaFixture.write(dir, "issuing.pem", Pem.certificate(ca.chain().get(0)));
            Path leaf = CaFixture.write(dir, "leaf.pem", Pem.certificate(issued.certificate()));
            CaFixture.Run verify = CaFixture.run(List.of("openssl", "verify", "-purpose", "sslclient", "-CAfile", root.toString(),
                    "-untrusted", issuing.toString(), leaf.toString()));
            assertThat(verify.output()).as("openssl verify").contains(leaf + ": OK");
            assertThat(verify.exit()).isZero();
        }
    }

    @Test
    void leafCarriesTheAnsNameFqdnKeyPurposesAndA128BitSerial() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).crlDistributionPoint(URI.create("http://127.0.0.1:8400/v1/ca/crl")).build()) {
            X509Certificate leaf = CaFixture.issue(ca, RCA).certificate();

            assertThat(leaf.getVersion()).isEqualTo(3);
            assertThat(leaf.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                    List.of(6, "ans://v1.2.0.rca.broadband.ops.example.net"), List.of(2, "rca.broadband.ops.example.net"));
            assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=rca.broadband.ops.example.net,O=ops.example.net");
            assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
            assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
            assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment, only for RSA").isFalse();
            assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
            assertThat(leaf.getNotBefore().toInstant()).isEqualTo(START.minus(Duration.ofMinutes(1)));
            assertThat(leaf.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofHours(24)));
            assertThat(leaf.getSerialNumber().signum()).isPositive();
            assertThat(leaf.getSerialNumber().bitLength()).isEqualTo(128);
            assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
            JcaX509CertificateHolder holder = new JcaX509CertificateHolder(leaf);
            assertThat(holder.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
            assertThat(holder.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
            CRLDistPoint crlDp = CRLDistPoint.getInstance(holder.getExtension(Extension.cRLDistributionPoints).getParsedValue());
            assertThat(GeneralNames.getInstance(crlDp.getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0].getName())
                    .hasToString("http://127.0.0.1:8400/v1/ca/crl");
        }
    }

    @Test
    void rsaLeafMayAlsoEncipherKeys() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            X509Certificate leaf = ca.issue(new CertificateRequest(TestCsrs.forName(TestCsrs.rsa(2048), RCA), RCA, Duration.ofHours(1))).certificate();

            assertThat(leaf.getKeyUsage()[0]).isTrue();
            assertThat(leaf.getKeyUsage()[2]).isTrue();
        }
    }

    @Test
    void caCertificatesAreConstrainedToTheDomain() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            X509Certificate issuing = ca.chain().get(0);
            X509Certificate root = ca.chain().get(1);

            assertThat(root).isEqualTo(ca.rootCertificate());
            assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=ACF Root CA ops.example.net,O=ops.example.net");
            assertThat(issuing.getSubjectX500Principal().getName()).isEqualTo("CN=ACF Issuing CA ops.example.net,O=ops.example.net");
            assertThat(root.getBasicConstraints()).isEqualTo(1);
            assertThat(issuing.getBasicConstraints()).isZero();
            assertThat(issuing.getKeyUsage()[5]).as("keyCertSign").isTrue();
            assertThat(issuing.getKeyUsage()[6]).as("cRLSign").isTrue();
            assertThat(issuing.getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId());
            NameConstraints constraints = NameConstraints.getInstance(
                    new JcaX509CertificateHolder(issuing).getExtension(Extension.nameConstraints).getParsedValue());
            assertThat(constraints.getPermittedSubtrees()).extracting(s -> s.getBase().getTagNo() + ":" + s.getBase().getName())
                    .containsExactly(GeneralName.dNSName + ":ops.example.net", GeneralName.uniformResourceIdentifier + ":ops.example.net",
                            GeneralName.uniformResourceIdentifier + ":.ops.example.net");
            issuing.verify(root.getPublicKey());
        }
    }

    @Test
    void requestedValidityAboveTheMaximumIsShortenedToIt() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).maxValidity(Duration.ofHours(48)).build()) {
            X509Certificate leaf = ca.issue(new CertificateRequest(TestCsrs.forName(TestCsrs.ec("secp256r1"), RCA), RCA, Duration.ofDays(365)))
                    .certificate();

            assertThat(leaf.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofHours(48)));
        }
    }

    @Test
    void issueRefusesABadRequestWithTheRule() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            byte[] weak = TestCsrs.forName(TestCsrs.rsa(1024), RCA);
            TrustException refused = catchThrowableOfType(TrustException.class,
                    () -> ca.issue(new CertificateRequest(weak, RCA, Duration.ofHours(1))));
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_CSR);
            assertThat(refused.getMessage()).isEqualTo("rule key-size: RSA key of 1024 bits, at least 2048 required");

            AgentName foreign = AgentName.parse("ans://v1.0.0.rca.partner.example.org");
            assertThatThrownBy(() -> CaFixture.issue(ca, foreign)).isInstanceOf(PolicyException.class).hasMessageStartingWith("rule domain: ");
        }
    }

    @Test
    void verifyIssuedFollowsTheClock() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            X509Certificate leaf = CaFixture.issue(ca, RCA).certificate();
            ca.verifyIssued(leaf);

            clock.advance(Duration.ofHours(24).plusSeconds(1));

            TrustException expired = catchThrowableOfType(TrustException.class, () -> ca.verifyIssued(leaf));
            assertThat(expired.code()).isEqualTo(ErrorCode.CERTIFICATE_EXPIRED);
            assertThat(expired.getMessage()).contains("expired at " + START.plus(Duration.ofHours(24)));
        }
    }

    @Test
    void verifyIssuedRefusesACertificateOfAnotherCa(@TempDir Path otherDir) {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build();
                EmbeddedCertificateAuthority other = CaFixture.ca(otherDir, clock).build()) {
            X509Certificate foreign = CaFixture.issue(other, RCA).certificate();

            TrustException refused = catchThrowableOfType(TrustException.class, () -> ca.verifyIssued(foreign));
            assertThat(refused.code()).isEqualTo(ErrorCode.BAD_SIGNATURE);
            assertThat(refused.getMessage()).contains("does not verify with this CA's key");
        }
    }

    @Test
    void crlDistributionPointSetLaterGoesIntoNewCertificates() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            assertThat(CaFixture.issue(ca, RCA).certificate().getExtensionValue(Extension.cRLDistributionPoints.getId())).isNull();

            ca.setCrlDistributionPoint(URI.create("http://127.0.0.1:40123/v1/ca/crl"));

            X509Certificate leaf = CaFixture.issue(ca, RCA).certificate();
            assertThat(new String(leaf.getExtensionValue(Extension.cRLDistributionPoints.getId()), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("http://127.0.0.1:40123/v1/ca/crl");
        }
    }

    @Test
    void allowedIpAddressesGoIntoTheLeafAndItsChainStillVerifies() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, java.time.Clock.systemUTC()).allowIpAddressSans(v4, v6).build()) {
            byte[] csr = TestCsrs.csr(TestCsrs.ec("secp256r1"), "SHA256withECDSA", new org.bouncycastle.asn1.x500.X500Name("CN=" + RCA.fqdn()),
                    new GeneralName(GeneralName.uniformResourceIdentifier, RCA.toString()), new GeneralName(GeneralName.dNSName, RCA.fqdn()),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            X509Certificate leaf = ca.issue(new CertificateRequest(csr, RCA, Duration.ofHours(1))).certificate();

            assertThat(ca.allowedIpAddressSans()).containsExactly(v4, v6);
            assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, RCA.toString()), List.of(2, RCA.fqdn()),
                    List.of(7, "127.0.0.1"));
            // The issuing CA constrains DNS names and URIs only; RFC 5280 4.2.1.10 leaves IP addresses unconstrained.
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.rootCertificate(), null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, ca.chain().get(0))), parameters);

            Assumptions.assumeTrue(CaFixture.opensslInstalled(), "openssl not installed: skipping the openssl cross-check");
            Path root = CaFixture.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));
            Path issuing = CaFixture.write(dir, "issuing.pem", Pem.certificate(ca.chain().get(0)));
            Path leafFile = CaFixture.write(dir, "leaf.pem", Pem.certificate(leaf));
            CaFixture.Run verify = CaFixture.run(List.of("openssl", "verify", "-purpose", "sslserver", "-verify_ip", "127.0.0.1",
                    "-CAfile", root.toString(), "-untrusted", issuing.toString(), leafFile.toString()));
            assertThat(verify.output()).as("openssl verify").contains(leafFile + ": OK");
            assertThat(verify.exit()).isZero();
            CaFixture.Run otherIp = CaFixture.run(List.of("openssl", "verify", "-purpose", "sslserver", "-verify_ip", "127.0.0.2",
                    "-CAfile", root.toString(), "-untrusted", issuing.toString(), leafFile.toString()));
            assertThat(otherIp.exit()).as("openssl verify for another address: %s", otherIp.output()).isNotZero();
        }
    }

    @Test
    void issueRefusesAnIpAddressTheCaDoesNotAllow() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).allowIpAddressSans(InetAddress.getByName("127.0.0.1")).build()) {
            byte[] csr = TestCsrs.csr(TestCsrs.ec("secp256r1"), "SHA256withECDSA", new org.bouncycastle.asn1.x500.X500Name("CN=" + RCA.fqdn()),
                    new GeneralName(GeneralName.uniformResourceIdentifier, RCA.toString()), new GeneralName(GeneralName.iPAddress, "192.0.2.7"));

            TrustException refused = catchThrowableOfType(TrustException.class, () -> ca.issue(new CertificateRequest(csr, RCA, Duration.ofHours(1))));

            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_CSR);
            assertThat(refused.getMessage()).startsWith("rule san-ip: SAN IP address 192.0.2.7 is not allowed by this CA, which certifies only [127.0.0.1]");
        }
    }
}
