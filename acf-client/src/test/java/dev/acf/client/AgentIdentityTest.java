package dev.acf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.client.internal.AtomicFiles;
import dev.acf.client.internal.Pem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AgentIdentityTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");

    @TempDir
    Path dir;

    private static List<X509Certificate> certify(TestCa ca, AgentIdentity identity) throws Exception {
        return ca.certify(identity.csrPem(), Duration.ofHours(1));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void csrNamesTheAgentAndIsSignedByItsKey(KeyAlgorithm algorithm) throws Exception {
        AgentIdentity identity = AgentIdentity.generate(NAME, algorithm);

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Pem.decode(identity.csrPem(), "CERTIFICATE REQUEST").get(0));

        assertThat(IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()))
                .isEqualTo("probe.ops.example.net");
        GeneralNames sans = GeneralNames.fromExtensions(csr.getRequestedExtensions(), Extension.subjectAlternativeName);
        assertThat(sans.getNames()).extracting(GeneralName::getTagNo, n -> n.getName().toString()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(GeneralName.uniformResourceIdentifier, "ans://v1.0.0.probe.ops.example.net"),
                org.assertj.core.groups.Tuple.tuple(GeneralName.dNSName, "probe.ops.example.net"));
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))).isTrue();
        assertThat(csr.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(identity.publicKey().getEncoded());
    }

    @Test
    void csrNamesTheRequestedIpAddressesAfterTheNames() throws Exception {
        AgentIdentity identity = AgentIdentity.generate(NAME)
                .requestIpAddresses(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Pem.decode(identity.csrPem(), "CERTIFICATE REQUEST").get(0));

        GeneralNames sans = GeneralNames.fromExtensions(csr.getRequestedExtensions(), Extension.subjectAlternativeName);
        assertThat(sans.getNames()).extracting(GeneralName::getTagNo, n -> n.getName().toString()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(GeneralName.uniformResourceIdentifier, "ans://v1.0.0.probe.ops.example.net"),
                org.assertj.core.groups.Tuple.tuple(GeneralName.dNSName, "probe.ops.example.net"),
                org.assertj.core.groups.Tuple.tuple(GeneralName.iPAddress, "#7f000001"),
                org.assertj.core.groups.Tuple.tuple(GeneralName.iPAddress, "#00000000000000000000000000000001"));
        assertThat(identity.ipAddresses()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(AgentIdentity.generate(NAME).ipAddresses()).isEmpty();
    }

    @Test
    void loadedIdentityKeepsRequestingTheIpAddressesItsCertificateCarries() throws Exception {
        TestCa ca = new TestCa();
        AgentIdentity identity = AgentIdentity.generate(NAME).requestIpAddresses(InetAddress.getByName("127.0.0.1"));
        identity.install(identity.state().key(), certify(ca, identity), List.of(ca.root()), Clock.systemUTC());
        identity.save(dir);

        AgentIdentity loaded = AgentIdentity.load(dir);

        assertThat(loaded.ipAddresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(loaded.certificate().getSubjectAlternativeNames()).contains(List.of(GeneralName.iPAddress, "127.0.0.1"));
        assertThat(loaded.csrPem(AgentIdentity.generate(NAME).state().key())).isNotEqualTo(AgentIdentity.csrPem(NAME, loaded.state().key()));
        PKCS10CertificationRequest renewal = new PKCS10CertificationRequest(Pem.decode(loaded.csrPem(), "CERTIFICATE REQUEST").get(0));
        assertThat(GeneralNames.fromExtensions(renewal.getRequestedExtensions(), Extension.subjectAlternativeName).getNames())
                .extracting(GeneralName::getTagNo).containsExactly(GeneralName.uniformResourceIdentifier, GeneralName.dNSName, GeneralName.iPAddress);
    }

    @Test
    void aNameWithoutVersionCannotHaveAnIdentity() {
        assertThatThrownBy(() -> AgentIdentity.generate(AgentName.parse("ans://probe.ops.example.net")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has none");
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "ED25519", "RSA_2048"})
    void savedIdentityLoadsWithTheSameNameKeyAndChain(KeyAlgorithm algorithm) throws Exception {
        TestCa ca = new TestCa();
        AgentIdentity identity = AgentIdentity.generate(NAME, algorithm);
        List<X509Certificate> chain = certify(ca, identity);
        identity.install(identity.state().key(), chain, List.of(ca.root()), Clock.systemUTC());

        identity.save(dir);
        AgentIdentity loaded = AgentIdentity.load(dir);

        assertThat(loaded.name()).isEqualTo(NAME);
        assertThat(loaded.algorithm()).isEqualTo(algorithm);
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(identity.privateKey().getEncoded());
        assertThat(loaded.publicKey().getEncoded()).isEqualTo(identity.publicKey().getEncoded());
        assertThat(loaded.chain()).isEqualTo(chain);
        assertThat(loaded.caChain()).containsExactly(ca.root());
        assertThat(loaded.expiresAt()).isEqualTo(chain.get(0).getNotAfter().toInstant());
        assertThat(Files.readString(dir.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("cert.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void keyFileIsReadableAndWritableByItsOwnerOnly() throws Exception {
        Assumptions.assumeTrue(AtomicFiles.posix(), "the file system has no POSIX permissions");
        AgentIdentity.generate(NAME).save(dir);

        assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void identitySavedBeforeCertificationReloadsUncertifiedWithItsName() {
        AgentIdentity identity = AgentIdentity.generate(NAME, KeyAlgorithm.ED25519).save(dir);

        AgentIdentity loaded = AgentIdentity.load(dir);

        assertThat(loaded.name()).isEqualTo(NAME);
        assertThat(loaded.isCertified()).isFalse();
        assertThat(loaded.publicKey().getEncoded()).isEqualTo(identity.publicKey().getEncoded());
        assertThatThrownBy(loaded::certificate).isInstanceOf(IllegalStateException.class).hasMessageContaining("register");
    }

    @Test
    void installSavesTheNewKeyAndChainAndTellsTheListeners() throws Exception {
        TestCa ca = new TestCa();
        AgentIdentity identity = AgentIdentity.generate(NAME).save(dir);
        List<AgentIdentity> heard = new CopyOnWriteArrayList<>();
        identity.addListener(heard::add);
        identity.addListener(id -> {
            throw new IllegalStateException("a broken listener must not stop the others");
        });

        var next = KeyAlgorithm.EC_P256.generate();
        List<X509Certificate> chain = ca.certify(AgentIdentity.csrPem(NAME, next), Duration.ofHours(1));
        identity.install(next, chain, List.of(ca.root()), Clock.systemUTC());

        assertThat(heard).containsExactly(identity);
        assertThat(AgentIdentity.load(dir).publicKey().getEncoded()).isEqualTo(next.getPublic().getEncoded());
        assertThat(AgentIdentity.load(dir).certificate()).isEqualTo(chain.get(0));
    }

    @Test
    void installRefusesACertificateOfAnotherKeyOrName() throws Exception {
        TestCa ca = new TestCa();
        AgentIdentity identity = AgentIdentity.generate(NAME);
        AgentIdentity other = AgentIdentity.generate(AgentName.parse("ans://v1.0.0.other.ops.example.net"));

        assertThatThrownBy(() -> identity.install(identity.state().key(), certify(ca, AgentIdentity.generate(NAME)), List.of(), Clock.systemUTC()))
                .isInstanceOf(TrustException.class).hasMessageContaining("not for this agent's key");
        assertThatThrownBy(() -> identity.install(other.state().key(), certify(ca, other), List.of(), Clock.systemUTC()))
                .isInstanceOf(TrustException.class);
        assertThat(identity.isCertified()).isFalse();
    }

    @Test
    void loadCompletesASwitchInterruptedBetweenTheCertificateAndTheKey() throws Exception {
        TestCa ca = new TestCa();
        AgentIdentity identity = AgentIdentity.generate(NAME);
        identity.install(identity.state().key(), certify(ca, identity), List.of(ca.root()), Clock.systemUTC());
        identity.save(dir);
        // The crash: cert.pem already holds the new chain, the new key is still staged.
        var next = KeyAlgorithm.EC_P256.generate();
        List<X509Certificate> chain = ca.certify(AgentIdentity.csrPem(NAME, next), Duration.ofHours(1));
        Files.writeString(dir.resolve("cert.pem"), Pem.certificates(chain));
        AtomicFiles.stage(dir.resolve("key.pem"), Pem.bytes(Pem.encode("PRIVATE KEY", next.getPrivate().getEncoded())), true);

        AgentIdentity loaded = AgentIdentity.load(dir);

        assertThat(loaded.publicKey().getEncoded()).isEqualTo(next.getPublic().getEncoded());
        assertThat(loaded.certificate()).isEqualTo(chain.get(0));
        assertThat(AtomicFiles.pending(dir.resolve("key.pem"))).doesNotExist();
    }

    @Test
    void loadRefusesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        TestCa ca = new TestCa();
        AgentIdentity identity = AgentIdentity.generate(NAME);
        identity.install(identity.state().key(), certify(ca, identity), List.of(ca.root()), Clock.systemUTC());
        identity.save(dir);
        Files.writeString(dir.resolve("key.pem"), Pem.encode("PRIVATE KEY", KeyAlgorithm.EC_P256.generate().getPrivate().getEncoded()));

        assertThatThrownBy(() -> AgentIdentity.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not hold the key of the certificate");
    }

    @Test
    void tlsKeyManagerPresentsTheRenewedCertificateWithoutRebuilding() throws Exception {
        TestCa ca = new TestCa();
        AgentIdentity identity = AgentIdentity.generate(NAME);
        identity.install(identity.state().key(), certify(ca, identity), List.of(ca.root()), Clock.systemUTC());
        RenewingKeys keys = new RenewingKeys(identity);
        String before = keys.chooseServerAlias("EC", null, null);

        var next = KeyAlgorithm.EC_P256.generate();
        List<X509Certificate> renewed = ca.certify(AgentIdentity.csrPem(NAME, next), Duration.ofHours(1));
        identity.install(next, renewed, List.of(), Clock.systemUTC());
        String after = keys.chooseServerAlias("EC", null, null);

        assertThat(after).isNotEqualTo(before);
        assertThat(keys.getCertificateChain(after)[0]).isEqualTo(renewed.get(0));
        assertThat(keys.getPrivateKey(after)).isEqualTo(next.getPrivate());
        // a handshake that picked the old alias just before the switch still gets a matching pair
        assertThat(keys.getPrivateKey(before).getEncoded()).isNotEqualTo(next.getPrivate().getEncoded());
        assertThat(keys.getCertificateChain(before)[0].getPublicKey()).isNotEqualTo(next.getPublic());
        assertThat(identity.sslContext().getProtocol()).isEqualTo("TLS");
        assertThat(identity.keyStore(new char[0]).getCertificate("agent")).isEqualTo(renewed.get(0));
    }
}
