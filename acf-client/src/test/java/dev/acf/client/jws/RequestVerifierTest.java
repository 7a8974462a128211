package dev.acf.client.jws;

import dev.acf.api.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestVerifierTest {
    private static final byte[] BODY = "{\"agentCard\":{\"description\":\"now also diagnoses Wi-Fi\"}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String PATH = "/v1/agents/ans%3A%2F%2Fv1.0.0.probe.ops.example.net";

    private final MutableClock clock = new MutableClock(Instant.now());
    private KeyPair agent;
    private X509Certificate certificate;
    private RequestVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        agent = TestKeys.ec("secp256r1");
        certificate = TestKeys.certificate(agent, clock.instant());
        verifier = RequestVerifier.builder().clock(clock).build();
    }

    static Stream<Arguments> keyTypes() {
        return Stream.of(
                Arguments.of("EC P-256", (ThrowingSupplier<KeyPair>) () -> TestKeys.ec("secp256r1"), "ES256"),
                Arguments.of("EC P-384", (ThrowingSupplier<KeyPair>) () -> TestKeys.ec("secp384r1"), "ES384"),
                Arguments.of("Ed25519", (ThrowingSupplier<KeyPair>) TestKeys::ed25519, "EdDSA"),
                Arguments.of("RSA 2048", (ThrowingSupplier<KeyPair>) () -> TestKeys.rsa(2048), "RS256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyTypes")
    void validRequestReturnsItsPayload(String type, ThrowingSupplier<KeyPair> keys, String alg) throws Throwable {
        KeyPair pair = keys.get();
        RequestSigner signer = RequestSigner.of(pair.getPrivate(), clock);
        assertThat(signer.algorithm().getName()).isEqualTo(alg);

        String jws = signer.sign(BODY, "PATCH", PATH);
        assertThat(verifier.verify(jws, TestKeys.certificate(pair, clock.instant()), "PATCH", PATH)).isEqualTo(BODY);
    }

    @Test
    void unboundRequestVerifiesWithoutMethodAndPath() {
        assertThat(verifier.verify(RequestSigner.of(agent.getPrivate(), clock).sign(BODY), certificate)).isEqualTo(BODY);
    }

    @Test
    void requestOlderThanTheSkewIsRefusedAsExpired() {
        String jws = RequestSigner.of(agent.getPrivate(), clock).sign(BODY, "PATCH", PATH);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertRefused(() -> verifier.verify(jws, certificate, "PATCH", PATH)).hasMessageContaining("signed request expired");
    }

    @Test
    void requestFromBeyondTheSkewInTheFutureIsRefused() {
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofMinutes(6)));
        String jws = RequestSigner.of(agent.getPrivate(), ahead).sign(BODY, "PATCH", PATH);
        assertRefused(() -> verifier.verify(jws, certificate, "PATCH", PATH)).hasMessageContaining("from the future");
    }

    @Test
    void requestWithinTheSkewIsAccepted() {
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofMinutes(4)));
        String jws = RequestSigner.of(agent.getPrivate(), ahead).sign(BODY, "PATCH", PATH);
        assertThat(verifier.verify(jws, certificate, "PATCH", PATH)).isEqualTo(BODY);
    }

    @Test
    void replayedNonceIsRefused() {
        String jws = RequestSigner.of(agent.getPrivate(), clock).sign(BODY, "PATCH", PATH);
        verifier.verify(jws, certificate, "PATCH", PATH);
        clock.advance(Duration.ofMinutes(4));
        assertRefused(() -> verifier.verify(jws, certificate, "PATCH", PATH)).hasMessageContaining("replayed nonce");
    }

    @Test
    void requestSignedForAnotherMethodOrPathIsRefused() {
        RequestSigner signer = RequestSigner.of(agent.getPrivate(), clock);
        assertRefused(() -> verifier.verify(signer.sign(BODY, "POST", PATH), certificate, "PATCH", PATH))
                .hasMessageContaining("htm POST does not match the request method PATCH");
        assertRefused(() -> verifier.verify(signer.sign(BODY, "PATCH", PATH + "/revocation"), certificate, "PATCH", PATH))
                .hasMessageContaining("does not match the request path");
        assertRefused(() -> verifier.verify(signer.sign(BODY), certificate, "PATCH", PATH))
                .hasMessageContaining("no htm");
    }

    @Test
    void htuMayBeAnAbsoluteUri() {
        String jws = RequestSigner.of(agent.getPrivate(), clock).sign(BODY, "PATCH", "https://ans.ops.example.net" + PATH);
        assertThat(verifier.verify(jws, certificate, "PATCH", PATH + "?dryRun=true")).isEqualTo(BODY);
    }

    @Test
    void requestSignedWithAnotherKeyOfTheSameTypeIsRefused() throws Exception {
        String jws = RequestSigner.of(TestKeys.ec("secp256r1").getPrivate(), clock).sign(BODY, "PATCH", PATH);
        assertRefused(() -> verifier.verify(jws, certificate, "PATCH", PATH))
                .hasMessageContaining("signature does not verify with the key of the agent's certificate");
    }

    @Test
    void requestSignedWithAKeyOfAnotherTypeIsRefused() throws Exception {
        String jws = RequestSigner.of(TestKeys.ed25519().getPrivate(), clock).sign(BODY, "PATCH", PATH);
        assertRefused(() -> verifier.verify(jws, certificate, "PATCH", PATH))
                .hasMessageContaining("alg EdDSA does not match the certificate's EC P-256 key");
    }

    @Test
    void changedPayloadIsRefused() {
        String jws = RequestSigner.of(agent.getPrivate(), clock).sign(BODY, "PATCH", PATH);
        String[] parts = jws.split("\\.");
        String tampered = parts[0] + "." + com.nimbusds.jose.util.Base64URL.encode("{\"agentCard\":{}}") + "." + parts[2];
        assertRefused(() -> verifier.verify(tampered, certificate, "PATCH", PATH)).hasMessageContaining("signature does not verify");
    }

    @Test
    void forgedRequestsDoNotConsumeNonces() throws Exception {
        RequestSigner forger = RequestSigner.of(TestKeys.ec("secp256r1").getPrivate(), clock);
        String forged = forger.sign(BODY);
        assertRefused(() -> verifier.verify(forged, certificate)).hasMessageContaining("signature does not verify");
        assertThat(verifier.verify(RequestSigner.of(agent.getPrivate(), clock).sign(BODY), certificate)).isEqualTo(BODY);
    }

    @Test
    void expiredCertificateIsRefused() {
        String jws = RequestSigner.of(agent.getPrivate(), clock).sign(BODY);
        clock.advance(Duration.ofDays(2));
        assertThatThrownBy(() -> verifier.verify(jws, certificate))
                .isInstanceOf(TrustException.class)
                .hasMessageContaining("certificate expired")
                .satisfies(e -> assertThat(((TrustException) e).code()).isEqualTo(ErrorCode.CERTIFICATE_EXPIRED));
    }

    @Test
    void fullReplayCacheRefusesRatherThanForgetsALiveNonce() {
        RequestVerifier small = RequestVerifier.builder().clock(clock).replayCacheCapacity(2).build();
        RequestSigner signer = RequestSigner.of(agent.getPrivate(), clock);
        small.verify(signer.sign(BODY), certificate);
        small.verify(signer.sign(BODY), certificate);
        assertThatThrownBy(() -> small.verify(signer.sign(BODY), certificate)).isInstanceOf(UnavailableException.class);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        String fresh = signer.sign(BODY);
        assertThat(small.verify(fresh, certificate)).isEqualTo(BODY);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(TrustException.class)
                .satisfies(e -> assertThat(((TrustException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
    }
}
