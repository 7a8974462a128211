package dev.acf.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes the CRL reader that feeds revocation (REL-4, REL-5): any bytes served as the ANS CRL are
 * either a CRL signed by the CA, giving its revoked serials, or ignored; nothing throws, so the
 * refresh loop never dies on a bad download. The seed is a CRL signed by {@code crl-issuer.pem}.
 */
class CrlFuzzTest {
    private static final X509Certificate ISSUER = issuer();
    /** One source for all inputs: it keeps the highest CRL number seen, as in a running gateway. */
    private static final CrlSource SOURCE = new CrlSource(URI.create("http://127.0.0.1:1/"), List.of(ISSUER), Duration.ofSeconds(1));

    @FuzzTest
    void servedCrlsGiveSerialsOrAreIgnoredWithoutThrowing(byte[] der) {
        Optional<Set<BigInteger>> serials = SOURCE.verify(der);
        serials.ifPresent(s -> assertThat(s).doesNotContainNull());
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | ClassCastException notACrl) {
            return;
        }
        // The CRL number is read from any CRL, signed or not, so its DER reader gets fuzzed as well.
        CrlSource.crlNumber(crl);
    }

    private static X509Certificate issuer() {
        try (InputStream in = CrlFuzzTest.class.getResourceAsStream("crl-issuer.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
