package dev.acf.ans.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.CertificateAuthorityProvider;
import dev.acf.api.ca.CertificateRequest;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCertificateAuthorityProviderTest {
    @TempDir
    Path dir;

    @Test
    void providerIsFoundByNameAndBuildsAWorkingCaFromSettings() throws Exception {
        CertificateAuthorityProvider provider = ExtensionLoader.select(CertificateAuthorityProvider.class, getClass().getClassLoader(), "embedded");
        CertificateAuthority ca = provider.create(ProviderConfig.of(Map.of("domain", "ops.example.net",
                ProviderConfig.DATA_DIRECTORY, dir.toString(), "keyType", "ec-p384", "maxValidity", "2h",
                "crlDistributionPoint", "http://127.0.0.1:8400/v1/ca/crl")));
        try {
            X509Certificate leaf = ca.issue(new CertificateRequest(TestCsrs.forName(TestCsrs.ed25519(), CaFixture.RCA), CaFixture.RCA,
                    Duration.ofDays(1))).certificate();

            assertThat(leaf.getSigAlgName()).isEqualTo("SHA384withECDSA");
            assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())).isLessThanOrEqualTo(Duration.ofMinutes(121));
            assertThat(dir.resolve("keys").resolve("ca-root.ops.example.net.p12")).exists();
        } finally {
            ((AutoCloseable) ca).close();
        }
    }

    @Test
    void anUnknownKeyTypeNamesTheChoices() {
        assertThatThrownBy(() -> new EmbeddedCertificateAuthorityProvider().create(ProviderConfig.of(Map.of("domain", "ops.example.net",
                ProviderConfig.DATA_DIRECTORY, dir.toString(), "keyType", "dsa"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ec-p256").hasMessageContaining("'dsa'");
    }

    @Test
    void ipAddressSansSettingListsAddressLiterals() throws Exception {
        try (EmbeddedCertificateAuthority ca = (EmbeddedCertificateAuthority) new EmbeddedCertificateAuthorityProvider().create(ProviderConfig.of(
                Map.of("domain", "ops.example.net", ProviderConfig.DATA_DIRECTORY, dir.toString(), "ipAddressSans", " 127.0.0.1, ::1")))) {
            assertThat(ca.allowedIpAddressSans()).extracting(java.net.InetAddress::getHostAddress).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
        }
        assertThatThrownBy(() -> new EmbeddedCertificateAuthorityProvider().create(ProviderConfig.of(Map.of("domain", "ops.example.net",
                ProviderConfig.DATA_DIRECTORY, dir.resolve("other").toString(), "ipAddressSans", "127.0.0.1,localhost"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'localhost' is not one");
    }
}
