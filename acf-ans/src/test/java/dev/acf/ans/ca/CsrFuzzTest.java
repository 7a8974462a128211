package dev.acf.ans.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.error.PolicyException;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes what the CA reads from a registrant (REL-5): PEM text and the PKCS#10 DER inside it.
 * Any input either passes every rule or fails with {@code invalid_csr} ({@link TrustException})
 * or {@code policy_refused} ({@link PolicyException}); no parser exception escapes.
 */
class CsrFuzzTest {
    private static final AgentName NAME = AgentName.parse("ans://v1.0.0.rca.broadband.ops.example.net");
    private static final CsrRules RULES = new CsrRules(Domain.of("ops.example.net"));

    @FuzzTest
    void pemRequestsPassTheRulesOrFailWithInvalidCsr(byte[] input) {
        byte[] der;
        try {
            der = Pem.csrToDer(new String(input, StandardCharsets.UTF_8));
        } catch (TrustException e) {
            assertThat(e.httpStatus()).isBetween(400, 499);
            return;
        }
        check(der);
    }

    @FuzzTest
    void derRequestsPassTheRulesOrFailWithInvalidCsr(byte[] der) {
        check(der);
    }

    private static void check(byte[] der) {
        try {
            RULES.check(der, NAME);
            assertThat(Pem.csrToDer(Pem.encode("CERTIFICATE REQUEST", der))).isEqualTo(der);
        } catch (TrustException | PolicyException e) {
            assertThat(e.httpStatus()).isBetween(400, 499);
        }
    }
}
