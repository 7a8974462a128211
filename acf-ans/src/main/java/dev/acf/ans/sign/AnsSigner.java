package dev.acf.ans.sign;

import dev.acf.client.jws.JwsKeys;
import dev.acf.client.jws.SignatureVerifier;
import dev.acf.client.jws.SigningAlgorithm;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ANS's signing keys (ANS-RES-4): signs response bodies with a detached JWS for the
 * {@value SignatureVerifier#HEADER} header and publishes the public keys as the JWKS of
 * {@code /.well-known/ans}.
 *
 * <p>A signature is a compact JWS in the standard detached form {@code header..signature}
 * (RFC 7515 Appendix F) over the base64url-encoded body; its protected header carries
 * {@code alg}, {@code kid} (the key's RFC 7638 thumbprint), {@code typ: }{@value
 * SignatureVerifier#RESPONSE_TYPE} and {@code iat} (seconds since the epoch, a header
 * parameter because the payload is the body itself). {@link SignatureVerifier} checks it.
 *
 * <p>Keys live in {@code <dataDirectory>/ans-signing-keys.json} (mode 600, replaced
 * atomically) and are loaded on restart, so the {@code kid} survives. {@link #rotate()} makes
 * a new current key; a retired key keeps only its public part and stays in the JWKS for the
 * retention period (default 7 days, longer than any answer is valid), then is dropped. When
 * the configured algorithm differs from the stored current key's, the signer rotates once at
 * start-up.
 *
 * <p>Thread-safe: signing never blocks on a rotation.
 *
 * <pre>{@code
 * AnsSigner signer = AnsSigner.builder().dataDirectory(Path.of("ans-data")).build();
 * response.header(SignatureVerifier.HEADER, signer.signDetached(bodyBytes));
 * wellKnown.put("keys", signer.publicJwks().toJSONObject(true).get("keys"));
 * }</pre>
 */
public final class AnsSigner {
    private static final Logger LOG = LoggerFactory.getLogger(AnsSigner.class);
    /** The default time a retired key stays published. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final KeyRingFile file;
    private final SigningAlgorithm algorithm;
    private final Duration retention;
    private final Clock clock;
    private volatile Current current;
    private volatile KeyRing ring;

    private record Current(JWK jwk, JWSSigner signer) {}

    private AnsSigner(Builder builder, Path directory) {
        this.file = new KeyRingFile(directory);
        this.algorithm = builder.algorithm;
        this.retention = builder.retention;
        this.clock = builder.clock;
        KeyRing loaded = file.load().orElse(null);
        if (loaded == null) {
            loaded = new KeyRing(List.of(new KeyRing.StoredKey(generate(algorithm), clock.instant(), null)));
            file.store(loaded);
            LOG.info("created ANS signing key {} ({}) in {}", loaded.current().kid(), algorithm, file.path());
        } else if (!algorithm.jwsAlgorithm().equals(loaded.current().jwk().getAlgorithm())) {
            LOG.info("ANS signing algorithm changed to {}: rotating away from key {}", algorithm, loaded.current().kid());
            loaded = loaded.rotate(generate(algorithm), clock.instant());
            file.store(loaded);
        }
        KeyRing pruned = loaded.pruned(clock.instant(), retention);
        if (pruned.keys().size() != loaded.keys().size()) {
            file.store(pruned);
        }
        install(pruned);
    }

    /** Returns a builder; {@link Builder#dataDirectory} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Signs a response body: returns the detached compact JWS for the
     * {@value SignatureVerifier#HEADER} header.
     */
    public String signDetached(byte[] body) {
        Objects.requireNonNull(body, "body");
        Current signing = current;
        JWSHeader header = new JWSHeader.Builder(algorithm.jwsAlgorithm())
                .keyID(signing.jwk().getKeyID())
                .type(new JOSEObjectType(SignatureVerifier.RESPONSE_TYPE))
                .customParam(SignatureVerifier.ISSUED_AT, clock.instant().getEpochSecond())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(body));
        try {
            jws.sign(signing.signer());
        } catch (JOSEException e) {
            throw new AcfException(ErrorCode.INTERNAL, "signing the response failed", e);
        }
        return jws.serialize(true);
    }

    /**
     * Signs a payload as a compact JWS with the payload attached ({@code header.payload.signature}),
     * for signed objects that travel on their own and are verified later by others, such as the
     * changes of the sync feed (ANS-SYNC-2). The protected header carries {@code alg}, {@code kid},
     * {@code typ} and {@code iat}.
     *
     * @param type the {@code typ} header, naming what the payload is
     */
    public String sign(byte[] payload, String type) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(type, "type");
        Current signing = current;
        JWSHeader header = new JWSHeader.Builder(algorithm.jwsAlgorithm())
                .keyID(signing.jwk().getKeyID())
                .type(new JOSEObjectType(type))
                .customParam(SignatureVerifier.ISSUED_AT, clock.instant().getEpochSecond())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(signing.signer());
        } catch (JOSEException e) {
            throw new AcfException(ErrorCode.INTERNAL, "signing a " + type + " failed", e);
        }
        return jws.serialize();
    }

    /** Returns the {@code kid} of the key that signs now. */
    public String currentKeyId() {
        return current.jwk().getKeyID();
    }

    /** Returns the algorithm new signatures use. */
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the public keys to publish: the current key and every retired key whose
     * retention has not passed at this signer's clock's now.
     */
    public JWKSet publicJwks() {
        return new JWKSet(ring.published(clock.instant(), retention).stream()
                .map(key -> key.jwk().toPublicJWK())
                .toList());
    }

    /** Returns {@link #publicJwks()} as JSON: {@code {"keys":[...]}}, public parts only. */
    public String jwksJson() {
        return publicJwks().toString(true);
    }

    /** Returns a verifier that trusts the keys published now; for tests and embedded clients. */
    public SignatureVerifier verifier() {
        return SignatureVerifier.of(publicJwks());
    }

    /**
     * Makes a new current key; the previous one is retired (kept public for the retention
     * period) and keys retired longer ago than the retention are dropped. Durable when it
     * returns.
     *
     * @return the new key's {@code kid}
     */
    public synchronized String rotate() {
        KeyRing rotated = ring.rotate(generate(algorithm), clock.instant()).pruned(clock.instant(), retention);
        file.store(rotated);
        install(rotated);
        LOG.info("rotated the ANS signing key: now {}, {} key(s) published", rotated.current().kid(), rotated.keys().size());
        return rotated.current().kid();
    }

    private void install(KeyRing next) {
        JWK jwk = next.current().jwk();
        JWSSigner signer;
        try {
            signer = JwsKeys.signer(jwk);
        } catch (JOSEException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "the ANS signing key " + jwk.getKeyID() + " is not usable: " + e.getMessage(), e);
        }
        // Publish the new key before signing with it, so every signature's kid is already in the JWKS.
        this.ring = next;
        this.current = new Current(jwk, signer);
    }

    static JWK generate(SigningAlgorithm algorithm) {
        try {
            return switch (algorithm) {
                case ES256 -> generateEc(Curve.P_256, algorithm);
                case ES384 -> generateEc(Curve.P_384, algorithm);
                case ED25519 -> {
                    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                    yield new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(JwsKeys.rawEd25519PublicKey(pair.getPublic())))
                            .d(Base64URL.encode(JwsKeys.rawEd25519PrivateKey(pair.getPrivate())))
                            .keyUse(KeyUse.SIGNATURE)
                            .algorithm(algorithm.jwsAlgorithm())
                            .keyIDFromThumbprint()
                            .build();
                }
            };
        } catch (JOSEException | GeneralSecurityException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot generate an " + algorithm + " signing key: " + e.getMessage(), e);
        }
    }

    private static JWK generateEc(Curve curve, SigningAlgorithm algorithm) throws JOSEException {
        return new ECKeyGenerator(curve)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(algorithm.jwsAlgorithm())
                .keyIDFromThumbprint(true)
                .generate();
    }

    /** Configures an {@link AnsSigner}; not thread-safe. */
    public static final class Builder {
        private @Nullable Path dataDirectory;
        private SigningAlgorithm algorithm = SigningAlgorithm.ES256;
        private Duration retention = DEFAULT_RETENTION;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Sets the directory the key file lives in (created if missing). Required. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** Sets the algorithm of new keys (default {@link SigningAlgorithm#ES256}). */
        public Builder algorithm(SigningAlgorithm value) {
            this.algorithm = Objects.requireNonNull(value, "algorithm");
            return this;
        }

        /** Sets how long a retired key stays published (default 7 days); must be positive. */
        public Builder retention(Duration value) {
            Objects.requireNonNull(value, "retention");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("retention must be positive, was " + value);
            }
            this.retention = value;
            return this;
        }

        /** Sets the clock for {@code iat} and key retirement (default the system UTC clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Loads the keys from the data directory, or creates and stores a first key.
         *
         * @throws ConfigurationException when no directory was set or the key file cannot be read or written
         */
        public AnsSigner build() {
            if (dataDirectory == null) {
                throw new ConfigurationException("AnsSigner needs a dataDirectory");
            }
            return new AnsSigner(this, dataDirectory);
        }
    }
}
