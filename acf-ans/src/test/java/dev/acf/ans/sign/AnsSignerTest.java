package dev.acf.ans.sign;

import dev.acf.api.testkit.MutableClock;
import dev.acf.client.jws.RequestSigner;
import dev.acf.client.jws.SignatureVerifier;
import dev.acf.client.jws.SigningAlgorithm;
import dev.acf.client.jws.VerifiedSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AnsSignerTest {
    private static final byte[] BODY = "{\"agent\":{\"name\":\"ans://v1.0.0.probe.ops.example.net\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T04:00:00Z"));

    private AnsSigner signer(SigningAlgorithm algorithm) {
        return AnsSigner.builder().dataDirectory(dir).algorithm(algorithm).clock(clock).build();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void detachedSignatureVerifiesAgainstThePublishedJwks(SigningAlgorithm algorithm) {
        AnsSigner signer = signer(algorithm);
        String jws = signer.signDetached(BODY);

        assertThat(jws).matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+");
        VerifiedSignature verified = SignatureVerifier.fromJwksJson(signer.jwksJson()).verify(jws, BODY);
        assertThat(verified.keyId()).isEqualTo(signer.currentKeyId());
        assertThat(verified.algorithm()).isEqualTo(algorithm.jwsAlgorithm().getName());
        assertThat(verified.issuedAt()).isEqualTo(clock.instant());
    }

    @Test
    void keyIdIsTheRfc7638Thumbprint() throws Exception {
        AnsSigner signer = signer(SigningAlgorithm.ES256);
        JWK published = signer.publicJwks().getKeys().get(0);
        assertThat(signer.currentKeyId()).isEqualTo(published.computeThumbprint().toString());
    }

    @Test
    void publishedJwksHoldsNoPrivateParts() throws Exception {
        AnsSigner signer = signer(SigningAlgorithm.ED25519);
        assertThat(signer.jwksJson()).doesNotContain("\"d\"");
        assertThat(JWKSet.parse(signer.jwksJson()).containsNonPublicKeys()).isFalse();
    }

    @Test
    void keysPersistAcrossARestart() {
        AnsSigner first = signer(SigningAlgorithm.ES256);
        String jws = first.signDetached(BODY);

        AnsSigner restarted = signer(SigningAlgorithm.ES256);
        assertThat(restarted.currentKeyId()).isEqualTo(first.currentKeyId());
        assertThat(restarted.verifier().verify(jws, BODY).keyId()).isEqualTo(first.currentKeyId());
        assertThat(first.verifier().verify(restarted.signDetached(BODY), BODY)).isNotNull();
    }

    @Test
    void keyFileIsReadableOnlyByItsOwner() throws Exception {
        AnsSigner signer = signer(SigningAlgorithm.ES256);
        signer.rotate();
        Path file = dir.resolve(KeyRingFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void rotationKeepsOldSignaturesVerifiableUntilRetentionPasses() {
        AnsSigner signer = AnsSigner.builder().dataDirectory(dir).clock(clock).retention(Duration.ofDays(7)).build();
        String oldKid = signer.currentKeyId();
        String oldSignature = signer.signDetached(BODY);

        String newKid = signer.rotate();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(signer.publicJwks().getKeys()).extracting(JWK::getKeyID).containsExactly(newKid, oldKid);
        assertThat(SignatureVerifier.of(signer.publicJwks()).verify(oldSignature, BODY).keyId()).isEqualTo(oldKid);
        assertThat(signer.verifier().verify(signer.signDetached(BODY), BODY).keyId()).isEqualTo(newKid);

        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(signer.verifier().verify(oldSignature, BODY).keyId()).isEqualTo(oldKid);

        clock.advance(Duration.ofSeconds(1));
        assertThat(signer.publicJwks().getKeys()).extracting(JWK::getKeyID).containsExactly(newKid);
        assertThatThrownBy(() -> signer.verifier().verify(oldSignature, BODY))
                .isInstanceOf(TrustException.class)
                .hasMessageContaining("unknown kid '" + oldKid + "'");
    }

    @Test
    void retiredKeysSurviveARestartUntilTheirRetentionPasses() throws Exception {
        AnsSigner signer = signer(SigningAlgorithm.ES256);
        String oldKid = signer.currentKeyId();
        String newKid = signer.rotate();

        AnsSigner restarted = signer(SigningAlgorithm.ES256);
        assertThat(restarted.currentKeyId()).isEqualTo(newKid);
        assertThat(restarted.publicJwks().getKeys()).extracting(JWK::getKeyID).containsExactly(newKid, oldKid);

        clock.advance(AnsSigner.DEFAULT_RETENTION);
        signer(SigningAlgorithm.ES256);
        String stored = Files.readString(dir.resolve(KeyRingFile.FILE_NAME));
        assertThat(stored).contains(newKid).doesNotContain(oldKid);
    }

    @Test
    void retiredKeysKeepOnlyTheirPublicPart() throws Exception {
        AnsSigner signer = signer(SigningAlgorithm.ES256);
        signer.rotate();
        String stored = Files.readString(dir.resolve(KeyRingFile.FILE_NAME));
        assertThat(stored.split("\"d\":", -1)).hasSize(2);
    }

    @Test
    void changingTheAlgorithmRotatesToAKeyOfThatType() {
        AnsSigner es256 = signer(SigningAlgorithm.ES256);
        String oldSignature = es256.signDetached(BODY);

        AnsSigner ed25519 = signer(SigningAlgorithm.ED25519);
        assertThat(ed25519.currentKeyId()).isNotEqualTo(es256.currentKeyId());
        assertThat(ed25519.verifier().verify(ed25519.signDetached(BODY), BODY).algorithm()).isEqualTo("EdDSA");
        assertThat(ed25519.verifier().verify(oldSignature, BODY).algorithm()).isEqualTo("ES256");
    }

    @Test
    void damagedKeyFileFailsInsteadOfMintingANewKey() throws Exception {
        signer(SigningAlgorithm.ES256);
        Files.writeString(dir.resolve(KeyRingFile.FILE_NAME), "{\"format\":1,\"keys\":[{");
        assertThatThrownBy(() -> signer(SigningAlgorithm.ES256))
                .hasMessageContaining("cannot read the ANS signing keys")
                .satisfies(e -> assertThat(((dev.acf.api.error.AcfException) e).code()).isEqualTo(ErrorCode.CONFIGURATION));
    }
}
