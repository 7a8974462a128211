package dev.acf.ans.ca;

import dev.acf.api.testkit.MutableClock;

import static dev.acf.ans.ca.CaFixture.RCA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.acf.api.ca.CertificateStatus;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.TrustException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);

    static BigInteger crlNumber(byte[] der) throws Exception {
        return CRLNumber.getInstance(new X509CRLHolder(der).getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber();
    }

    @Test
    void revokedSerialAppearsInTheNextCrlWithItsReason() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).crlValidity(Duration.ofHours(6)).build()) {
            X509Certificate revoked = CaFixture.issue(ca, RCA).certificate();
            X509Certificate kept = CaFixture.issue(ca, RCA).certificate();
            byte[] before = ca.crl();
            clock.advance(Duration.ofMinutes(5));

            ca.revoke(revoked.getSerialNumber(), RevocationReason.KEY_COMPROMISE);
            byte[] after = ca.crl();

            X509CRLHolder holder = new X509CRLHolder(after);
            assertThat(holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.chain().get(0)))).isTrue();
            assertThat(holder.getIssuer().toString()).isEqualTo(new X509CRLHolder(before).getIssuer().toString());
            assertThat(holder.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
            assertThat(crlNumber(after)).isGreaterThan(crlNumber(before));
            assertThat(holder.getThisUpdate().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
            assertThat(holder.getNextUpdate().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(5)).plus(Duration.ofHours(6)));
            X509CRLEntryHolder entry = holder.getRevokedCertificate(revoked.getSerialNumber());
            assertThat(entry).isNotNull();
            assertThat(CRLReason.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode)).getValue().intValue())
                    .isEqualTo(CRLReason.keyCompromise);
            assertThat(holder.getRevokedCertificate(kept.getSerialNumber())).isNull();

            X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(after));
            jdk.verify(ca.chain().get(0).getPublicKey());
            assertThat(jdk.isRevoked(revoked)).isTrue();
            assertThat(jdk.isRevoked(kept)).isFalse();
            X509CRLEntry jdkEntry = jdk.getRevokedCertificate(revoked);
            assertThat(jdkEntry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
            assertThat(jdkEntry.getRevocationDate().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void opensslListsTheRevokedSerial() throws Exception {
        Assumptions.assumeTrue(CaFixture.opensslInstalled(), "openssl not installed: skipping the openssl CRL check");
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, java.time.Clock.systemUTC()).build()) {
            X509Certificate revoked = CaFixture.issue(ca, RCA).certificate();
            ca.revoke(revoked.getSerialNumber(), RevocationReason.SUPERSEDED);
            Path crl = Files.write(dir.resolve("crl.der"), ca.crl());
            Path issuing = CaFixture.write(dir, "issuing.pem", Pem.certificate(ca.chain().get(0)));

            CaFixture.Run text = CaFixture.run(List.of("openssl", "crl", "-inform", "DER", "-in", crl.toString(), "-noout", "-text"));
            assertThat(text.exit()).isZero();
            assertThat(text.output().toUpperCase(java.util.Locale.ROOT)).contains("SERIAL NUMBER: " + revoked.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));
            assertThat(text.output()).contains("Superseded").contains("X509v3 CRL Number");

            CaFixture.Run verify = CaFixture.run(List.of("openssl", "crl", "-inform", "DER", "-in", crl.toString(), "-noout",
                    "-CAfile", issuing.toString()));
            assertThat(verify.output()).contains("verify OK");
        }
    }

    @Test
    void statusIsGoodThenRevokedAndUnknownForOtherSerials() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            BigInteger serial = CaFixture.issue(ca, RCA).certificate().getSerialNumber();
            assertThat(ca.status(serial)).isEqualTo(CertificateStatus.good(serial));
            assertThat(ca.status(BigInteger.TEN)).isEqualTo(CertificateStatus.unknown(BigInteger.TEN));

            ca.revoke(serial, RevocationReason.CESSATION_OF_OPERATION);

            assertThat(ca.status(serial)).isEqualTo(CertificateStatus.revoked(serial, START, RevocationReason.CESSATION_OF_OPERATION));
        }
    }

    @Test
    void revokingTwiceKeepsTheFirstReasonAndTime() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            BigInteger serial = CaFixture.issue(ca, RCA).certificate().getSerialNumber();
            ca.revoke(serial, RevocationReason.SUPERSEDED);
            byte[] crl = ca.crl();
            clock.advance(Duration.ofMinutes(1));

            ca.revoke(serial, RevocationReason.KEY_COMPROMISE);

            assertThat(ca.status(serial)).isEqualTo(CertificateStatus.revoked(serial, START, RevocationReason.SUPERSEDED));
            assertThat(ca.crl()).as("nothing changed, so the cached CRL stays").isEqualTo(crl);
        }
    }

    @Test
    void revokingAnUnknownSerialIsNotFound() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            assertThatThrownBy(() -> ca.revoke(BigInteger.valueOf(42), RevocationReason.UNSPECIFIED))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("2a");
        }
    }

    @Test
    void verifyIssuedRefusesARevokedCertificate() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            X509Certificate leaf = CaFixture.issue(ca, RCA).certificate();
            ca.revoke(leaf.getSerialNumber(), RevocationReason.KEY_COMPROMISE);

            TrustException refused = catchThrowableOfType(TrustException.class, () -> ca.verifyIssued(leaf));
            assertThat(refused.code()).isEqualTo(ErrorCode.CERTIFICATE_REVOKED);
            assertThat(refused.getMessage()).contains("keyCompromise");
        }
    }

    @Test
    void crlIsCachedUntilARevocationOrHalfItsValidity() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).crlValidity(Duration.ofHours(2)).build()) {
            byte[] first = ca.crl();
            clock.advance(Duration.ofMinutes(59));
            assertThat(ca.crl()).isEqualTo(first);

            clock.advance(Duration.ofMinutes(1));
            byte[] refreshed = ca.crl();

            assertThat(crlNumber(refreshed)).isGreaterThan(crlNumber(first));
            assertThat(new X509CRLHolder(refreshed).getNextUpdate().toInstant()).isEqualTo(START.plus(Duration.ofHours(3)));
        }
    }

    @Test
    void expiredRevokedCertificatesLeaveTheCrl() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            X509Certificate leaf = CaFixture.issue(ca, RCA).certificate();
            ca.revoke(leaf.getSerialNumber(), RevocationReason.KEY_COMPROMISE);
            assertThat(new X509CRLHolder(ca.crl()).getRevokedCertificate(leaf.getSerialNumber())).isNotNull();

            clock.advance(Duration.ofHours(25));

            assertThat(new X509CRLHolder(ca.crl()).getRevokedCertificate(leaf.getSerialNumber())).isNull();
            assertThat(ca.status(leaf.getSerialNumber()).state()).isEqualTo(CertificateStatus.State.REVOKED);
        }
    }
}
