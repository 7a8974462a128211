package dev.acf.client.jws;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a request signed by an agent (ANS-LIFE-1..3) against the public key of the
 * agent's current X.509 certificate, and returns the payload it protects.
 *
 * <p>The request is a compact JWS with the body attached, as {@link RequestSigner} makes it.
 * Refused with a {@link TrustException} whose message names the rule broken
 * ({@code bad_signature} unless noted): a malformed JWS, {@code alg: none} or HMAC, a
 * {@code typ} other than {@value RequestSigner#REQUEST_TYPE}, an {@code alg} that does not fit
 * the certificate's key type (EC P-256 → ES256, P-384 → ES384, Ed25519 → EdDSA, RSA → RS/PS),
 * a signature that does not verify with that key, an {@code iat} missing or outside the skew
 * window around now (default ±5 minutes), a {@code nonce} missing or already seen within the
 * window ("replayed nonce"), and, when the caller passes the request's method and path,
 * {@code htm}/{@code htu} missing or different. A certificate outside its validity period is
 * refused with {@code certificate_expired}; revocation is the caller's check.
 *
 * <p>The nonce is remembered (per key) only after the signature verified, so forged requests
 * cannot fill the replay cache; the cache is bounded and refuses new requests with
 * {@code unavailable} rather than forget a nonce that is still live.
 *
 * <p>Thread-safe; keep one instance so the replay cache sees every request.
 *
 * <pre>{@code
 * RequestVerifier verifier = RequestVerifier.builder().build();
 * byte[] body = verifier.verify(jws, record.certificate(), "PATCH", request.path());
 * }</pre>
 */
public final class RequestVerifier {
    /** The default tolerance between the signer's and the verifier's clocks. */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);
    /** The default number of nonces remembered. */
    public static final int DEFAULT_REPLAY_CAPACITY = 100_000;
    private static final int MIN_NONCE_CHARS = 8;
    private static final int MAX_NONCE_CHARS = 256;

    private final Clock clock;
    private final Duration skew;
    private final ReplayCache replays;

    private RequestVerifier(Builder builder) {
        this.clock = builder.clock;
        this.skew = builder.skew;
        this.replays = new ReplayCache(builder.replayCapacity);
    }

    /** Returns a builder with the defaults: system clock, ±5 minutes, 100,000 nonces. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a signed request that is not bound to a method and path.
     *
     * @return the verified payload bytes
     * @throws TrustException when the request cannot be trusted
     */
    public byte[] verify(String jws, X509Certificate certificate) {
        return check(jws, certificate, null, null);
    }

    /**
     * Verifies a signed request and that it was signed for this HTTP method and path; the JWS
     * must carry {@code htm} and {@code htu}. {@code htu} may be a path or an absolute URI, of
     * which the path is compared; query strings are ignored on both sides.
     *
     * @return the verified payload bytes
     * @throws TrustException when the request cannot be trusted
     */
    public byte[] verify(String jws, X509Certificate certificate, String method, String path) {
        return check(jws, certificate, Objects.requireNonNull(method, "method"), Objects.requireNonNull(path, "path"));
    }

    private byte[] check(String jws, X509Certificate certificate, @Nullable String method, @Nullable String path) {
        Objects.requireNonNull(certificate, "certificate");
        Instant now = clock.instant();
        checkValidity(certificate, now);
        JWSObject object = JwsInput.parse(jws, null);
        JWSHeader header = object.getHeader();
        if (!new JOSEObjectType(RequestSigner.REQUEST_TYPE).equals(header.getType())) {
            throw new TrustException("JWS typ must be " + RequestSigner.REQUEST_TYPE + ", was " + header.getType());
        }
        PublicKey key = certificate.getPublicKey();
        Set<JWSAlgorithm> allowed = JwsKeys.algorithms(key);
        if (allowed.isEmpty()) {
            throw new TrustException("the agent's certificate holds an unsupported key (" + JwsKeys.describe(key) + ")");
        }
        JWSAlgorithm alg = header.getAlgorithm();
        if (!allowed.contains(alg)) {
            throw new TrustException("alg " + alg + " does not match the certificate's " + JwsKeys.describe(key)
                    + " key (allowed: " + allowed + ")");
        }
        boolean valid;
        try {
            valid = object.verify(JwsKeys.verifier(key));
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw new TrustException("signature does not verify with the key of the agent's certificate");
        }
        Instant issuedAt = issuedAt(header, now);
        if (method != null && path != null) {
            checkBinding(header, method, path);
        }
        String nonce = nonce(header);
        if (!replays.firstUse(fingerprint(key) + ':' + nonce, issuedAt.plus(skew), now)) {
            throw new TrustException("replayed nonce: this signed request was already used");
        }
        return object.getPayload().toBytes();
    }

    private static void checkValidity(X509Certificate certificate, Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new TrustException(ErrorCode.CERTIFICATE_EXPIRED,
                    "the agent's certificate expired at " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new TrustException(ErrorCode.CERTIFICATE_EXPIRED,
                    "the agent's certificate is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    private Instant issuedAt(JWSHeader header, Instant now) {
        if (!(header.getCustomParam(RequestSigner.ISSUED_AT) instanceof Number seconds)) {
            throw new TrustException("JWS header has no numeric iat");
        }
        Instant iat = Instant.ofEpochSecond(seconds.longValue());
        if (iat.isBefore(now.minus(skew))) {
            throw new TrustException("signed request expired: iat " + iat + " is more than " + skew + " before now (" + now + ")");
        }
        if (iat.isAfter(now.plus(skew))) {
            throw new TrustException("signed request from the future: iat " + iat + " is more than " + skew + " after now (" + now + ")");
        }
        return iat;
    }

    private static void checkBinding(JWSHeader header, String method, String path) {
        if (!(header.getCustomParam(RequestSigner.METHOD) instanceof String htm)) {
            throw new TrustException("JWS header has no htm: the request must be signed for its method");
        }
        if (!htm.equalsIgnoreCase(method)) {
            throw new TrustException("htm " + htm + " does not match the request method " + method);
        }
        if (!(header.getCustomParam(RequestSigner.URI) instanceof String htu)) {
            throw new TrustException("JWS header has no htu: the request must be signed for its path");
        }
        if (!pathOf(htu).equals(pathOf(path))) {
            throw new TrustException("htu " + htu + " does not match the request path " + path);
        }
    }

    private static String pathOf(String uriOrPath) {
        String value = uriOrPath;
        if (value.contains("://")) {
            try {
                String raw = new URI(value).getRawPath();
                value = raw == null || raw.isEmpty() ? "/" : raw;
            } catch (URISyntaxException e) {
                throw new TrustException("htu is not a valid URI: " + uriOrPath);
            }
        }
        int query = value.indexOf('?');
        return query < 0 ? value : value.substring(0, query);
    }

    private static String nonce(JWSHeader header) {
        if (!(header.getCustomParam(RequestSigner.NONCE) instanceof String nonce)
                || nonce.length() < MIN_NONCE_CHARS || nonce.length() > MAX_NONCE_CHARS) {
            throw new TrustException("JWS header needs a nonce of " + MIN_NONCE_CHARS + "-" + MAX_NONCE_CHARS + " characters");
        }
        return nonce;
    }

    private static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Configures a {@link RequestVerifier}; not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration skew = DEFAULT_SKEW;
        private int replayCapacity = DEFAULT_REPLAY_CAPACITY;

        private Builder() {}

        /** Sets the clock "now" is read from. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets how far {@code iat} may lie before or after now; positive. */
        public Builder skew(Duration value) {
            Objects.requireNonNull(value, "skew");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("skew must be positive, was " + value);
            }
            this.skew = value;
            return this;
        }

        /** Sets how many nonces are remembered at most; positive. */
        public Builder replayCacheCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("replay cache capacity must be positive, was " + value);
            }
            this.replayCapacity = value;
            return this;
        }

        /** Returns the verifier. */
        public RequestVerifier build() {
            return new RequestVerifier(this);
        }
    }
}
