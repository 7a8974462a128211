package dev.acf.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.name.Domain;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.AnsFixture;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caller identities from real ANS-issued certificates. */
class CallerCertificatesTest {
    @TempDir
    static Path ansData;

    static AnsFixture ans;
    static AgentIdentity alpha;

    @BeforeAll
    static void start() {
        ans = AnsFixture.start(ansData);
        alpha = ans.certify(AnsFixture.ALPHA);
    }

    @AfterAll
    static void stop() {
        ans.close();
    }

    static X509Certificate[] chain(AgentIdentity identity) {
        return identity.chain().toArray(new X509Certificate[0]);
    }

    @Test
    void sanUriBecomesTheCallerAndTheLongestContainingDomainItsDomain() {
        CallerCertificates callers = CallerCertificates.forDomains(List.of(Domain.of("example.net"), Domain.of("ops.example.net")));

        CallerIdentity caller = callers.identity(chain(alpha));

        assertThat(caller.agent()).isEqualTo(AnsFixture.ALPHA);
        assertThat(caller.subject()).isEqualTo(AnsFixture.ALPHA.toString());
        assertThat(caller.domain()).isEqualTo(Domain.of("ops.example.net"));
        assertThat(caller.clearance()).isEqualTo(ClassificationLevel.INTERNAL);
        assertThat(caller.isAuthenticated()).isTrue();
    }

    @Test
    void withoutConfiguredDomainsTheParentZoneIsTheDomain() {
        assertThat(CallerCertificates.forDomains(List.of()).withClearance(ClassificationLevel.PUBLIC).identity(chain(alpha)))
                .satisfies(c -> assertThat(c.domain()).isEqualTo(Domain.of("ops.example.net")))
                .satisfies(c -> assertThat(c.clearance()).isEqualTo(ClassificationLevel.PUBLIC));
    }

    @Test
    void certificateWithoutAnAnsSanUriIsRefused() {
        X509Certificate issuingCa = alpha.caChain().get(0);

        assertThat(CallerCertificates.agentName(issuingCa)).isEmpty();
        assertThatThrownBy(() -> CallerCertificates.forDomains(List.of()).identity(new X509Certificate[] {issuingCa}))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
                .hasMessageContaining("no ANS name");
    }

    @Test
    void nameOutsideTheServedDomainsIsRefused() {
        assertThatThrownBy(() -> CallerCertificates.forDomains(List.of(Domain.of("noc.example.org"))).identity(chain(alpha)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("outside the domains");
    }

    @Test
    void emptyChainIsRefused() {
        assertThatThrownBy(() -> CallerCertificates.forDomains(List.of()).identity(new X509Certificate[0]))
                .isInstanceOf(AuthenticationException.class);
    }
}
