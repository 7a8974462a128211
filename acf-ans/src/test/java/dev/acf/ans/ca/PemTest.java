package dev.acf.ans.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemTest {
    @Test
    void csrPemRoundTripsToDer() {
        byte[] der = TestCsrs.forName(TestCsrs.ec("secp256r1"), CaFixture.RCA);
        String pem = Pem.encode("CERTIFICATE REQUEST", der);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
        assertThat(Pem.csrToDer(pem)).isEqualTo(der);
        assertThat(Pem.csrToDer(pem.replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"))).isEqualTo(der);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        "-----BEGIN CERTIFICATE REQUEST-----\n!!!not base64!!!\n-----END CERTIFICATE REQUEST-----\n",
        "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n",
    })
    void badCsrPemIsAnInvalidCsr(String text) {
        TrustException refused = catchThrowableOfType(TrustException.class, () -> Pem.csrToDer(text));

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_CSR);
    }

    @Test
    void chainPemParsesBackInOrder(@TempDir Path dir) {
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(dir, Clock.systemUTC()).build()) {
            List<X509Certificate> chain = CaFixture.issue(ca, CaFixture.RCA).chain();

            assertThat(Pem.parseCertificates(Pem.certificates(chain))).isEqualTo(chain);
            assertThat(Pem.parseCertificates(Pem.certificate(chain.get(0)))).containsExactly(chain.get(0));
        }
    }

    @Test
    void textWithoutCertificatesIsRefused() {
        TrustException refused = catchThrowableOfType(TrustException.class,
                () -> Pem.parseCertificates(Pem.encode("CERTIFICATE", new byte[] {1, 2, 3})));

        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(refused.getMessage()).contains("PEM block 1 is not an X.509 certificate");
    }
}
