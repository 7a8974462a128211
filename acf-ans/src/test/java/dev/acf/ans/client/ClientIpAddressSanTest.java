package dev.acf.ans.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IP address SANs through the SDK against a real ANS: granted when the operator allows them, refused by default. */
class ClientIpAddressSanTest {
    @TempDir
    Path data;

    private AnsServer ans;
    private AcfClient client;

    private void start(InetAddress... allowed) {
        ans = AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(ClientRegistrationTest.TOKEN, BootstrapTokens.Use.REUSABLE)
                .allowIpAddressSans(allowed)
                .semanticResolution(false)
                .build()
                .start();
        client = AcfClient.builder().ans(ans.baseUri()).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (ans != null) {
            ans.close();
        }
    }

    @Test
    void allowedAddressIsCertifiedAtRegistrationAndKeptOnRenewal() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        start(loopback, InetAddress.getByName("::1"));
        AgentIdentity identity = AgentIdentity.generate(ClientRegistrationTest.NAME).requestIpAddresses(loopback);

        ClientRegistrationTest.register(client, identity);

        assertThat(identity.certificate().getSubjectAlternativeNames()).containsExactly(
                List.of(6, "ans://v1.0.0.probe.ops.example.net"), List.of(2, "probe.ops.example.net"), List.of(7, "127.0.0.1"));
        client.renew(identity);
        assertThat(identity.certificate().getSubjectAlternativeNames()).contains(List.of(7, "127.0.0.1"));
    }

    @Test
    void byDefaultAnIpAddressIsRefusedNamingTheAddressAndTheSetting() throws Exception {
        start();
        AgentIdentity identity = AgentIdentity.generate(ClientRegistrationTest.NAME).requestIpAddresses(InetAddress.getByName("127.0.0.1"));

        TrustException refused = catchThrowableOfType(TrustException.class, () -> ClientRegistrationTest.register(client, identity));

        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_CSR);
        assertThat(refused.getMessage()).contains("rule san-ip: SAN IP address 127.0.0.1 is not allowed by this CA")
                .contains("AnsServer.Builder.allowIpAddressSans");
        assertThat(identity.isCertified()).isFalse();
    }
}
