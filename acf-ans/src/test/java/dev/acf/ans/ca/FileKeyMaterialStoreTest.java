package dev.acf.ans.ca;

import dev.acf.api.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.ca.KeyMaterial;
import dev.acf.api.ca.KeyMaterialStore;
import dev.acf.api.ca.KeyMaterialStoreProvider;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileKeyMaterialStoreTest {
    @TempDir
    Path dir;

    /** A real CA's issuing key and chain: a key of each type with a certificate to store. */
    private static KeyMaterial material(Path caDir, CaKeyType type) {
        try (EmbeddedCertificateAuthority ca = EmbeddedCertificateAuthority.builder().domain(CaFixture.DOMAIN).dataDirectory(caDir)
                .clock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z"))).keyType(type).build()) {
            KeyMaterial issuing = new FileKeyMaterialStore(caDir.resolve("keys")).load(CaHierarchy.issuingAlias(CaFixture.DOMAIN)).orElseThrow();
            assertThat(issuing.chain()).isEqualTo(ca.chain());
            return issuing;
        }
    }

    static Stream<Arguments> keyTypes() {
        return Stream.of(Arguments.of(CaKeyType.EC_P256), Arguments.of(CaKeyType.EC_P384), Arguments.of(CaKeyType.ED25519));
    }

    @ParameterizedTest
    @MethodSource("keyTypes")
    void storedKeyAndChainLoadBackEqual(CaKeyType type, @TempDir Path caDir) {
        KeyMaterial material = material(caDir, type);
        KeyMaterialStore store = new FileKeyMaterialStore(dir.resolve("keys"), "s3cret".toCharArray());

        store.store("agent-1", material);

        KeyMaterial loaded = store.load("agent-1").orElseThrow();
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(material.privateKey().getEncoded());
        assertThat(loaded.chain()).isEqualTo(material.chain());
        assertThat(store.aliases()).containsExactly("agent-1");
        assertThat(store.load("absent")).isEmpty();
    }

    @Test
    void keyFilesAreReadableOnlyByTheOwner(@TempDir Path caDir) throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes not supported here");
        try (EmbeddedCertificateAuthority ca = CaFixture.ca(caDir, java.time.Clock.systemUTC()).build()) {
            assertThat(ca.chain()).hasSize(2);
        }
        Path keys = caDir.resolve("keys");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(keys)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("ca-root.ops.example.net.p12", "ca-issuing.ops.example.net.p12", FileKeyMaterialStore.SECRET_FILE);
            for (Path f : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve(CertificateLedger.FILE)))).isEqualTo("rw-------");
    }

    @Test
    void replacingAnEntryLeavesNoTemporaryFiles(@TempDir Path caDir) throws Exception {
        KeyMaterial first = material(caDir.resolve("a"), CaKeyType.EC_P256);
        KeyMaterial second = material(caDir.resolve("b"), CaKeyType.EC_P256);
        FileKeyMaterialStore store = new FileKeyMaterialStore(dir);

        store.store("gateway", first);
        store.store("gateway", second);

        assertThat(store.load("gateway").orElseThrow().certificate()).isEqualTo(second.certificate());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("gateway.p12", FileKeyMaterialStore.SECRET_FILE);
        }
    }

    @Test
    void aWrongPasswordIsAConfigurationError(@TempDir Path caDir) {
        new FileKeyMaterialStore(dir, "right".toCharArray()).store("k", material(caDir, CaKeyType.EC_P256));

        assertThatThrownBy(() -> new FileKeyMaterialStore(dir, "wrong".toCharArray()).load("k"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("wrong password or damaged file");
    }

    @Test
    void aliasesThatAreNotSafeFileNamesAreRefused() {
        FileKeyMaterialStore store = new FileKeyMaterialStore(dir);

        assertThatThrownBy(() -> store.load("../escape")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../escape'");
        assertThatThrownBy(() -> store.load(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerIsFoundByNameAndReadsTheDataDirectory(@TempDir Path caDir) {
        KeyMaterialStoreProvider provider = ExtensionLoader.select(KeyMaterialStoreProvider.class, getClass().getClassLoader(), "file");
        KeyMaterialStore store = provider.create(ProviderConfig.of(Map.of(ProviderConfig.DATA_DIRECTORY, dir.toString(),
                FileKeyMaterialStoreProvider.PASSWORD, "pw")));
        KeyMaterial material = material(caDir, CaKeyType.EC_P256);

        store.store("x", material);

        X509Certificate loaded = new FileKeyMaterialStore(dir, "pw".toCharArray()).load("x").orElseThrow().certificate();
        assertThat(loaded).isEqualTo(material.certificate());
        assertThatThrownBy(() -> provider.create(ProviderConfig.empty())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ProviderConfig.DATA_DIRECTORY);
    }

    @Test
    void keyPairsOfEveryCaTypeCanBeGenerated() {
        for (CaKeyType type : List.of(CaKeyType.EC_P256, CaKeyType.EC_P384, CaKeyType.ED25519)) {
            KeyPair pair = type.generate(new java.security.SecureRandom());
            assertThat(CaKeyType.signatureAlgorithm(pair.getPrivate())).isNotBlank();
        }
    }
}
