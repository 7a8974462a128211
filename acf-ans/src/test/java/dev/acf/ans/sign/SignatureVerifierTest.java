package dev.acf.ans.sign;

import dev.acf.api.testkit.MutableClock;
import dev.acf.client.jws.RequestSigner;
import dev.acf.client.jws.SignatureVerifier;
import dev.acf.client.jws.SigningAlgorithm;
import dev.acf.client.jws.VerifiedSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureVerifierTest {
    private static final byte[] BODY = "{\"results\":[{\"name\":\"ans://v1.0.0.rca.ops.example.net\",\"score\":0.93}]}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private AnsSigner signer;
    private SignatureVerifier verifier;

    @BeforeEach
    void setUp() {
        signer = AnsSigner.builder().dataDirectory(dir).build();
        verifier = SignatureVerifier.fromJwksJson(signer.jwksJson());
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String jws, byte[] body) {
        return assertThatThrownBy(() -> verifier.verify(jws, body))
                .isInstanceOf(TrustException.class)
                .satisfies(e -> assertThat(((TrustException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
    }

    @Test
    void oneChangedBodyByteIsRefused() {
        String jws = signer.signDetached(BODY);
        byte[] tampered = BODY.clone();
        tampered[BODY.length / 2] ^= 0x01;
        assertRefused(jws, tampered).hasMessageContaining("signature does not verify");
        assertRefused(jws, new byte[0]).hasMessageContaining("signature does not verify");
    }

    @Test
    void changedSignatureIsRefused() {
        String jws = signer.signDetached(BODY);
        int last = jws.length() - 5;
        char flipped = jws.charAt(last) == 'A' ? 'B' : 'A';
        assertRefused(jws.substring(0, last) + flipped + jws.substring(last + 1), BODY)
                .hasMessageContaining("signature does not verify");
        assertRefused(jws.substring(0, jws.length() - 4), BODY).hasMessageContaining("signature does not verify");
    }

    @Test
    void signatureByAKeyOutsideTheJwksIsRefusedAsUnknownKid() throws Exception {
        AnsSigner stranger = AnsSigner.builder().dataDirectory(dir.resolve("other")).build();
        assertRefused(stranger.signDetached(BODY), BODY).hasMessageContaining("unknown kid '" + stranger.currentKeyId() + "'");
    }

    @Test
    void signatureClaimingAPublishedKidButMadeWithAnotherKeyIsRefused() throws Exception {
        ECKey attacker = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
        JWSObject forged = new JWSObject(responseHeader(JWSAlgorithm.ES256).build(), new Payload(BODY));
        forged.sign(new ECDSASigner(attacker));
        assertRefused(forged.serialize(true), BODY).hasMessageContaining("signature does not verify");
    }

    @Test
    void unsignedAlgNoneIsRefused() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"acf-response+jws\",\"kid\":\""
                + signer.currentKeyId() + "\",\"iat\":1}").toString();
        assertRefused(header + "..", BODY).hasMessageContaining("alg none");
        assertRefused(header + "..c2ln", BODY).hasMessageContaining("alg none");
    }

    @Test
    void hmacWithThePublicJwksAsSecretIsRefused() throws Exception {
        JWSObject forged = new JWSObject(responseHeader(JWSAlgorithm.HS256).build(), new Payload(BODY));
        forged.sign(new MACSigner(signer.jwksJson().getBytes(StandardCharsets.UTF_8)));
        assertRefused(forged.serialize(true), BODY).hasMessageContaining("HMAC algorithm HS256 refused");
    }

    @Test
    void algorithmOtherThanTheKeysIsRefused() throws Exception {
        ECKey p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384).generate();
        JWSObject forged = new JWSObject(responseHeader(JWSAlgorithm.ES384).build(), new Payload(BODY));
        forged.sign(new ECDSASigner(p384));
        assertRefused(forged.serialize(true), BODY).hasMessageContaining("alg ES384 does not match key");
    }

    @Test
    void missingOrMalformedSignaturesAreRefused() {
        assertRefused(null, BODY).hasMessageContaining("no ACF-Signature header");
        assertRefused("  ", BODY).hasMessageContaining("no ACF-Signature header");
        assertRefused("abc", BODY).hasMessageContaining("expected 3 dot-separated parts, found 1");
        assertRefused("%%%..abc", BODY).hasMessageContaining("not base64url-encoded JSON");
        String attached = new JWSObject(responseHeader(JWSAlgorithm.ES256).build(), new Payload(BODY)).getHeader().toBase64URL()
                + "." + Base64URL.encode(BODY) + ".c2ln";
        assertRefused(attached, BODY).hasMessageContaining("expected a detached payload");
    }

    @Test
    void signatureOfAnotherTypeIsRefused() throws Exception {
        String requestJws = RequestSigner.of(newEcKey().getPrivate()).sign(BODY);
        String[] parts = requestJws.split("\\.");
        assertRefused(parts[0] + ".." + parts[2], BODY).hasMessageContaining("typ must be acf-response+jws");
    }

    @Test
    void criticalExtensionsAreRefused() {
        String header = Base64URL.encode("{\"alg\":\"ES256\",\"typ\":\"acf-response+jws\",\"kid\":\""
                + signer.currentKeyId() + "\",\"iat\":1,\"crit\":[\"exp\"],\"exp\":2}").toString();
        assertRefused(header + "..c2ln", BODY).hasMessageContaining("critical header parameters");
    }

    @Test
    void garbageJwksIsRefused() {
        assertThatThrownBy(() -> SignatureVerifier.fromJwksJson("{\"keys\":42}"))
                .isInstanceOf(TrustException.class)
                .hasMessageContaining("not a valid JWKS");
    }

    private JWSHeader.Builder responseHeader(JWSAlgorithm alg) {
        return new JWSHeader.Builder(alg)
                .keyID(signer.currentKeyId())
                .type(new JOSEObjectType(SignatureVerifier.RESPONSE_TYPE))
                .customParam("iat", Instant.now().getEpochSecond());
    }

    private static java.security.KeyPair newEcKey() throws java.security.GeneralSecurityException {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
