package dev.acf.client.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.acf.api.error.TrustException;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the detached JWS an ANS puts in the {@value #HEADER} header of a response against
 * the exact body bytes, using keys pinned from the ANS's JWKS ({@code /.well-known/ans}).
 *
 * <p>The signature must be a compact JWS in detached form ({@code header..signature}, RFC 7515
 * Appendix F) over the base64url-encoded body, with protected header {@code alg}, {@code kid},
 * {@code typ: }{@value #RESPONSE_TYPE} and {@code iat} (seconds since the epoch). Refused with a
 * {@link TrustException} ({@code bad_signature}) and a message naming the reason: a missing or
 * malformed JWS, {@code alg: none} or HMAC, a {@code kid} not in the JWKS, an {@code alg} other
 * than the one the key is for, a wrong {@code typ}, a missing {@code iat}, or a signature that
 * does not verify (body or signature changed). Keys embedded in the JWS ({@code jwk},
 * {@code x5c}, {@code jku}) are never used.
 *
 * <p>Immutable and thread-safe; build one per JWKS and reuse it.
 *
 * <pre>{@code
 * SignatureVerifier verifier = SignatureVerifier.fromJwksJson(pinnedJwks);
 * VerifiedSignature signed = verifier.verify(response.header(SignatureVerifier.HEADER), response.body());
 * }</pre>
 */
public final class SignatureVerifier {
    /** The HTTP header that carries the detached JWS of a signed response. */
    public static final String HEADER = "ACF-Signature";
    /** The {@code typ} of a response signature, so it cannot be mistaken for another JWS. */
    public static final String RESPONSE_TYPE = "acf-response+jws";
    /** The protected-header parameter holding the signing time in seconds since the epoch. */
    public static final String ISSUED_AT = "iat";

    private final Map<String, Key> keys;

    private record Key(Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {}

    private SignatureVerifier(Map<String, Key> keys) {
        this.keys = keys;
    }

    /**
     * Returns a verifier for the signature keys of a JWKS. Keys meant for encryption and keys
     * of unsupported types are ignored; a key without {@code kid} is known by its RFC 7638
     * thumbprint. Private parts, if present, are never used.
     */
    public static SignatureVerifier of(JWKSet jwks) {
        Objects.requireNonNull(jwks, "jwks");
        Map<String, Key> keys = new LinkedHashMap<>();
        for (JWK jwk : jwks.getKeys()) {
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                continue;
            }
            Set<JWSAlgorithm> algorithms = JwsKeys.algorithms(jwk);
            if (algorithms.isEmpty()) {
                continue;
            }
            try {
                JWK publicJwk = jwk.toPublicJWK();
                String kid = publicJwk.getKeyID() != null ? publicJwk.getKeyID() : publicJwk.computeThumbprint().toString();
                keys.put(kid, new Key(algorithms, JwsKeys.verifier(publicJwk)));
            } catch (JOSEException e) {
                throw new TrustException("JWKS key " + jwk.getKeyID() + " is not usable: " + e.getMessage());
            }
        }
        return new SignatureVerifier(Map.copyOf(keys));
    }

    /**
     * Returns a verifier for a JWKS in its JSON form ({@code {"keys":[...]}}).
     *
     * @throws TrustException when the text is not a JWKS
     */
    public static SignatureVerifier fromJwksJson(String jwksJson) {
        Objects.requireNonNull(jwksJson, "jwksJson");
        try {
            return of(JWKSet.parse(jwksJson));
        } catch (ParseException e) {
            throw new TrustException("not a valid JWKS: " + e.getMessage());
        }
    }

    /** Returns the key ids this verifier accepts. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /**
     * Verifies a detached JWS over exactly these body bytes.
     *
     * @param jws the value of the {@value #HEADER} header; null when the header was missing
     * @param body the exact bytes of the response body
     * @return who signed and when
     * @throws TrustException ({@code bad_signature}) when the signature cannot be trusted
     */
    public VerifiedSignature verify(@Nullable String jws, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (jws == null || jws.isBlank()) {
            throw new TrustException("missing signature: the response has no " + HEADER + " header");
        }
        JWSObject object = JwsInput.parse(jws, body);
        JWSHeader header = object.getHeader();
        if (!new JOSEObjectType(RESPONSE_TYPE).equals(header.getType())) {
            throw new TrustException("JWS typ must be " + RESPONSE_TYPE + ", was " + header.getType());
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new TrustException("JWS header has no kid");
        }
        Key key = keys.get(kid);
        if (key == null) {
            throw new TrustException("unknown kid '" + kid + "': not a signing key in the JWKS " + keys.keySet());
        }
        JWSAlgorithm alg = header.getAlgorithm();
        if (!key.algorithms().contains(alg)) {
            throw new TrustException("alg " + alg + " does not match key '" + kid + "' (allowed: " + key.algorithms() + ")");
        }
        if (!(header.getCustomParam(ISSUED_AT) instanceof Number iat)) {
            throw new TrustException("JWS header has no numeric iat");
        }
        boolean valid;
        try {
            valid = object.verify(key.verifier());
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw new TrustException("signature does not verify over the body (body or signature altered) with key '" + kid + "'");
        }
        return new VerifiedSignature(kid, alg.getName(), Instant.ofEpochSecond(iat.longValue()));
    }
}
