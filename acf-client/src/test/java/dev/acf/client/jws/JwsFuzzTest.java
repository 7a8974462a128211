package dev.acf.client.jws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.error.TrustException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the JWS verifiers (REL-5): signed ANS answers ({@link SignatureVerifier}), signed agent
 * requests ({@link RequestVerifier}) and the JWKS they are pinned from. Any input either verifies
 * or fails with a {@link TrustException}; no parser exception escapes. The seeds are signed with
 * the fixed test key below at {@link #NOW}, so the fuzzer starts from inputs that verify.
 */
class JwsFuzzTest {
    /** The Ed25519 test key: private bytes 01..20 (hex), public {@code x} as below. */
    private static final byte[] D = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    private static final byte[] X = HexFormat.of().parseHex("79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664");
    private static final String JWKS = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"ebVWLo_mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ\","
            + "\"kid\":\"ans-1\",\"use\":\"sig\",\"alg\":\"EdDSA\"}]}";
    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
    private static final SignatureVerifier ANSWERS = SignatureVerifier.fromJwksJson(JWKS);
    private static final X509Certificate CERTIFICATE;

    static {
        try {
            CERTIFICATE = TestKeys.certificate(new KeyPair(Ed25519Jws.publicKey(X), Ed25519Jws.privateKey(D)), NOW);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Input: the {@code ACF-Signature} header value, a NUL byte, then the body. */
    @FuzzTest
    void signedAnswersVerifyOrFailWithBadSignature(byte[] input) {
        int nul = indexOf(input, (byte) 0);
        String header = new String(input, 0, nul < 0 ? input.length : nul, StandardCharsets.UTF_8);
        byte[] body = nul < 0 ? new byte[0] : Arrays.copyOfRange(input, nul + 1, input.length);
        try {
            VerifiedSignature signed = ANSWERS.verify(header, body);
            assertThat(signed.keyId()).isEqualTo("ans-1");
        } catch (TrustException e) {
            assertThat(e.httpStatus()).isBetween(400, 499);
        }
    }

    /** Input: a compact JWS, as an agent sends to renew, rotate or deregister. */
    @FuzzTest
    void signedRequestsVerifyOrFailWithATrustError(byte[] input) {
        String jws = new String(input, StandardCharsets.UTF_8);
        // A fresh verifier per input: a nonce replayed across inputs must not hide the paths after it.
        RequestVerifier verifier = RequestVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).replayCacheCapacity(16).build();
        try {
            verifier.verify(jws, CERTIFICATE, "POST", "/v1/agents/renew");
        } catch (TrustException e) {
            assertThat(e.httpStatus()).isBetween(400, 499);
        }
        try {
            RequestVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).replayCacheCapacity(16).build().verify(jws, CERTIFICATE);
        } catch (TrustException e) {
            assertThat(e.httpStatus()).isBetween(400, 499);
        }
    }

    /** Input: a JWKS document as an ANS publishes it. */
    @FuzzTest
    void jwksDocumentsLoadOrFailWithATrustError(byte[] input) {
        try {
            SignatureVerifier.fromJwksJson(new String(input, StandardCharsets.UTF_8)).keyIds();
        } catch (TrustException e) {
            assertThat(e.httpStatus()).isBetween(400, 499);
        }
    }

    @Test
    void theCommittedSeedsVerifySoFuzzingStartsPastTheSignatureCheck() throws IOException {
        byte[] answer = seed("signedAnswersVerifyOrFailWithBadSignature/valid-answer");
        int nul = indexOf(answer, (byte) 0);
        assertThat(ANSWERS.verify(new String(answer, 0, nul, StandardCharsets.UTF_8), Arrays.copyOfRange(answer, nul + 1, answer.length))
                .keyId()).isEqualTo("ans-1");
        String request = new String(seed("signedRequestsVerifyOrFailWithATrustError/valid-request"), StandardCharsets.UTF_8);
        assertThat(RequestVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()
                .verify(request, CERTIFICATE, "POST", "/v1/agents/renew")).isNotEmpty();
    }

    private static byte[] seed(String path) throws IOException {
        try (InputStream in = JwsFuzzTest.class.getResourceAsStream("JwsFuzzTestInputs/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
