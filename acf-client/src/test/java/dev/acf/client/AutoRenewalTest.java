package dev.acf.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AutoRenewalTest {

    private static X509Certificate certificate(Duration validity) throws Exception {
        AgentIdentity identity = AgentIdentity.generate(AgentIdentityTest.NAME);
        return new TestCa().certify(identity.csrPem(), validity).get(0);
    }

    @Test
    void defaultMarginIsAThirdOfTheLifetimeCountedFromReceipt() throws Exception {
        X509Certificate cert = certificate(Duration.ofHours(3));
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant received = notAfter.minus(Duration.ofHours(3));

        // notBefore is back-dated a minute; the lifetime counts from receipt, so 1 h before expiry
        assertThat(AutoRenewal.renewalTime(cert, received, null)).isEqualTo(notAfter.minus(Duration.ofHours(1)));
    }

    @Test
    void explicitMarginRenewsThatLongBeforeExpiry() throws Exception {
        X509Certificate cert = certificate(Duration.ofHours(3));
        Instant notAfter = cert.getNotAfter().toInstant();

        assertThat(AutoRenewal.renewalTime(cert, notAfter.minus(Duration.ofHours(3)), Duration.ofMinutes(20)))
                .isEqualTo(notAfter.minus(Duration.ofMinutes(20)));
    }

    @Test
    void marginLongerThanTheValidityCannotRenewInATightLoop() throws Exception {
        X509Certificate cert = certificate(Duration.ofMinutes(10));
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant received = notAfter.minus(Duration.ofMinutes(10));

        assertThat(AutoRenewal.renewalTime(cert, received, Duration.ofDays(1))).isEqualTo(received.plus(Duration.ofMinutes(1)));
    }

    @Test
    void unknownReceiptFallsBackToNotBefore() throws Exception {
        X509Certificate cert = certificate(Duration.ofMinutes(59));
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();

        assertThat(AutoRenewal.renewalTime(cert, Instant.EPOCH, null))
                .isEqualTo(notAfter.minus(Duration.between(notBefore, notAfter).dividedBy(3)));
    }
}
