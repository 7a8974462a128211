package dev.acf.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Fuzzes the certificate reader the SDK uses for the chains an ANS issues and for identity files
 * (REL-5): any text either reads as certificates that print back to the same certificates, or
 * fails with a {@link GeneralSecurityException}; no parser exception escapes.
 */
class PemFuzzTest {

    @FuzzTest
    void certificateChainsReadAndPrintBackOrFailWithACertificateError(byte[] input) {
        List<X509Certificate> chain;
        try {
            chain = Pem.parseCertificates(new String(input, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException expected) {
            return;
        }
        try {
            assertThat(Pem.parseCertificates(Pem.certificates(chain))).isEqualTo(chain);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("a chain that was read must read again once printed", e);
        }
    }
}
