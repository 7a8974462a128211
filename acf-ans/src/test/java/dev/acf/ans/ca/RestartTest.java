package dev.acf.ans.ca;

import dev.acf.api.testkit.MutableClock;

import static dev.acf.ans.ca.CaFixture.RCA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.ca.CertificateStatus;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ConfigurationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void aNewInstanceOverTheSameDirectoryIsTheSameCaAndRemembersSerialsAndRevocations() throws Exception {
        List<X509Certificate> chain;
        X509Certificate revoked;
        X509Certificate good;
        BigInteger lastCrlNumber;
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            chain = ca.chain();
            revoked = CaFixture.issue(ca, RCA).certificate();
            good = CaFixture.issue(ca, RCA).certificate();
            ca.revoke(revoked.getSerialNumber(), RevocationReason.AFFILIATION_CHANGED);
            ca.crl();
            lastCrlNumber = RevocationTest.crlNumber(ca.crl());
        }
        clock.advance(Duration.ofMinutes(1));

        try (EmbeddedCertificateAuthority restarted = CaFixture.ca(dir, clock).keyType(CaKeyType.ED25519).build()) {
            assertThat(restarted.chain()).isEqualTo(chain);
            assertThat(restarted.status(good.getSerialNumber()).state()).isEqualTo(CertificateStatus.State.GOOD);
            assertThat(restarted.status(revoked.getSerialNumber()))
                    .isEqualTo(CertificateStatus.revoked(revoked.getSerialNumber(), Instant.parse("2026-03-01T10:00:00Z"), RevocationReason.AFFILIATION_CHANGED));
            restarted.verifyIssued(good);
            byte[] crl = restarted.crl();
            assertThat(RevocationTest.crlNumber(crl)).isGreaterThan(lastCrlNumber);
            assertThat(new X509CRLHolder(crl).getRevokedCertificate(revoked.getSerialNumber())).isNotNull();
            X509Certificate fresh = CaFixture.issue(restarted, RCA).certificate();
            fresh.verify(chain.get(0).getPublicKey());
        }
    }

    @Test
    void concurrentIssuesSharingAnFsyncAreAllDurable() throws Exception {
        List<BigInteger> serials;
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build();
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<BigInteger>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> CaFixture.issue(ca, RCA).certificate().getSerialNumber()));
            }
            serials = new ArrayList<>();
            for (Future<BigInteger> f : futures) {
                serials.add(f.get());
            }
        }

        try (EmbeddedCertificateAuthority restarted = CaFixture.ca(dir, clock).build()) {
            assertThat(serials).doesNotHaveDuplicates().allSatisfy(s -> assertThat(restarted.status(s).state()).isEqualTo(CertificateStatus.State.GOOD));
        }
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryFailsFast() {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            assertThatThrownBy(() -> CaFixture.ca(dir, clock).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("in use");
            CaFixture.issue(ca, RCA);
        }
    }

    @Test
    void aTornLastRecordLeftByACrashIsDropped() throws Exception {
        BigInteger serial;
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            serial = CaFixture.issue(ca, RCA).certificate().getSerialNumber();
        }
        Files.writeString(dir.resolve(CertificateLedger.FILE), "1234abcd R " + serial.toString(16), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            assertThat(ca.status(serial).state()).isEqualTo(CertificateStatus.State.GOOD);
            ca.revoke(serial, RevocationReason.KEY_COMPROMISE);
        }
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            assertThat(ca.status(serial).state()).isEqualTo(CertificateStatus.State.REVOKED);
        }
    }

    @Test
    void damageBeforeTheLastRecordFailsTheStart() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            CaFixture.issue(ca, RCA);
            CaFixture.issue(ca, RCA);
        }
        Path log = dir.resolve(CertificateLedger.FILE);
        byte[] bytes = Files.readAllBytes(log);
        bytes[12] ^= 0x01;
        Files.write(log, bytes);

        assertThatThrownBy(() -> CaFixture.ca(dir, clock).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("damaged");
    }

    @Test
    void stateWithoutItsCaKeysRefusesToStartANewCa() throws Exception {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, clock).build()) {
            CaFixture.issue(ca, RCA);
        }
        try (var files = Files.list(dir.resolve("keys"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }

        assertThatThrownBy(() -> CaFixture.ca(dir, clock).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("lacks the CA keys");
    }
}
