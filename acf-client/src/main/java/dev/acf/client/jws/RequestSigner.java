package dev.acf.client.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs a request body with an agent's own key (ANS-LIFE-1..3), producing the compact JWS
 * (payload attached) that {@link RequestVerifier} checks against the agent's certificate.
 *
 * <p>The algorithm follows the key: ES256/ES384/ES512 for EC P-256/P-384/P-521, EdDSA for
 * Ed25519, RS256 for RSA (at least 2048 bits). The protected header carries
 * {@code typ: }{@value #REQUEST_TYPE}, {@code iat} (seconds since the epoch), a random
 * {@code nonce} (128 bits, base64url) and, when given, {@code htm} (the HTTP method) and
 * {@code htu} (the request path), which bind the signature to one operation.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.of(agentPrivateKey);
 * String jws = signer.sign(patchBody, "PATCH", "/v1/agents/" + encodedName);
 * }</pre>
 */
public final class RequestSigner {
    /** The {@code typ} of an agent-signed request. */
    public static final String REQUEST_TYPE = "acf-request+jws";
    /** Header parameter: signing time, seconds since the epoch. */
    public static final String ISSUED_AT = "iat";
    /** Header parameter: a value used once, against replays. */
    public static final String NONCE = "nonce";
    /** Header parameter: the HTTP method the request is for. */
    public static final String METHOD = "htm";
    /** Header parameter: the request path (or URI) the request is for. */
    public static final String URI = "htu";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final Clock clock;

    private RequestSigner(PrivateKey key, Clock clock) {
        this.algorithm = JwsKeys.algorithmFor(key);
        this.clock = clock;
        try {
            this.signer = JwsKeys.signer(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the key cannot sign " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a signer for a private key, timed by the system clock.
     *
     * @throws IllegalArgumentException when the key type is not supported
     */
    public static RequestSigner of(PrivateKey key) {
        return of(key, Clock.systemUTC());
    }

    /** Returns a signer for a private key, timed by a given clock. */
    public static RequestSigner of(PrivateKey key, Clock clock) {
        return new RequestSigner(Objects.requireNonNull(key, "key"), Objects.requireNonNull(clock, "clock"));
    }

    /** Returns the JWS algorithm this signer uses. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** Signs a body without binding it to a method and path. */
    public String sign(byte[] body) {
        return sign(body, null, null);
    }

    /**
     * Signs a body for one HTTP method and path; both or neither may be null.
     *
     * @return the compact JWS, payload attached
     */
    public String sign(byte[] body, @Nullable String method, @Nullable String path) {
        Objects.requireNonNull(body, "body");
        if ((method == null) != (path == null)) {
            throw new IllegalArgumentException("give both method and path, or neither");
        }
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm)
                .type(new JOSEObjectType(REQUEST_TYPE))
                .customParam(ISSUED_AT, clock.instant().getEpochSecond())
                .customParam(NONCE, Base64URL.encode(nonce).toString());
        if (method != null && path != null) {
            header.customParam(METHOD, method.toUpperCase(Locale.ROOT)).customParam(URI, path);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(body));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new AcfException(ErrorCode.INTERNAL, "signing the request failed: " + e.getMessage(), e);
        }
        return jws.serialize();
    }
}
