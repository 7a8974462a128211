package dev.acf.gateway.filter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the bearer JWTs of callers that are not agents (people, scripts, services without
 * an ANS certificate; GW-PIPE-1 authentication): signature by a key of a JWKS (file or URL) or
 * one public key, RSA or EC algorithms only ({@code none} and HMAC are refused), the exact
 * issuer, the audience (the gateway), {@code exp} required and {@code nbf} honoured with a
 * small clock skew. A valid token becomes a {@link CallerIdentity} whose subject is the token's
 * {@code sub}, with no agent name and the role {@value #NON_AGENT_ROLE} (plus the token's
 * {@code roles} and {@code scope} entries), cleared for the level of its {@value #CLEARANCE_CLAIM}
 * claim ({@code "CONFIDENTIAL"}), else for public content. A {@code sub} that is
 * an ANS name is refused: agents authenticate with their certificates.
 *
 * <p>A JWKS URL is fetched on first use and cached (Nimbus' defaults: refreshed after five
 * minutes, at once for an unknown key id, rate-limited); {@link #verify} may then block on
 * that fetch, so call it from a request's virtual thread, not an event loop (unless
 * {@link #cached} knows the token). A verified token is remembered until its {@code exp}, at
 * most five minutes, so that a caller's requests after the first cost a map lookup. Thread-safe.
 *
 * <pre>{@code
 * BearerTokens tokens = BearerTokens.builder()
 *         .jwks(URI.create("https://login.example.net/.well-known/jwks.json"))
 *         .issuer("https://login.example.net/")
 *         .audience("acf-gateway")
 *         .build();
 * CallerIdentity caller = tokens.verify(token);   // AuthenticationException when not valid
 * }</pre>
 */
public final class BearerTokens {
    /** The role every bearer-authenticated caller has, marking it as a principal that is not an agent. */
    public static final String NON_AGENT_ROLE = "non-agent";
    /** The claim naming the caller's clearance, a {@link ClassificationLevel} name in any case. */
    public static final String CLEARANCE_CLAIM = "clearance";

    private static final Set<JWSAlgorithm> ALGORITHMS;

    static {
        Set<JWSAlgorithm> all = new LinkedHashSet<>(JWSAlgorithm.Family.RSA);
        all.addAll(JWSAlgorithm.Family.EC);
        ALGORITHMS = Set.copyOf(all);
    }

    /** The most verified tokens remembered; beyond, the cache starts over. */
    private static final int MAX_CACHED = 10_000;
    /** A verified token is checked again after this long at most, so that a key removed from a JWKS stops working. */
    private static final long MAX_CACHED_MILLIS = 300_000;

    /** A token verified once, trusted until {@code untilMillis}. */
    private record Verified(CallerIdentity caller, long untilMillis) {}

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String description;
    private final boolean remoteKeys;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private BearerTokens(DefaultJWTProcessor<SecurityContext> processor, String description, boolean remoteKeys) {
        this.processor = processor;
        this.description = description;
        this.remoteKeys = remoteKeys;
    }

    /** Returns a builder; a key source, the issuer and the audience are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a token (without the {@code Bearer } prefix) and returns its caller.
     *
     * @throws AuthenticationException {@code unauthenticated} with the reason, when the token is
     *     malformed, badly signed, expired, for another issuer or audience, or names an agent
     */
    public CallerIdentity verify(String token) {
        CallerIdentity known = cached(token);
        if (known != null) {
            return known;
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw invalid("the bearer token is not a JWT");
        } catch (BadJOSEException e) {
            throw invalid("the bearer token is not valid: " + e.getMessage());
        } catch (JOSEException e) {
            throw invalid("the bearer token cannot be verified: " + e.getMessage());
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw invalid("the bearer token has no subject");
        }
        if (subject.regionMatches(true, 0, "ans://", 0, 6)) {
            throw invalid("a bearer token cannot name an agent; agents authenticate with their ANS certificate");
        }
        Set<String> roles = new HashSet<>();
        roles.add(NON_AGENT_ROLE);
        ClassificationLevel clearance = ClassificationLevel.PUBLIC;
        try {
            String claimed = claims.getStringClaim(CLEARANCE_CLAIM);
            if (claimed != null) {
                clearance = ClassificationLevel.parse(claimed);
            }
            List<String> listed = claims.getStringListClaim("roles");
            if (listed != null) {
                listed.stream().filter(Objects::nonNull).forEach(roles::add);
            }
            String scope = claims.getStringClaim("scope");
            if (scope != null) {
                for (String s : scope.trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        roles.add(s);
                    }
                }
            }
        } catch (ParseException | IllegalArgumentException e) {
            throw invalid("the bearer token's roles, scope or clearance claim is malformed");
        }
        CallerIdentity caller = new CallerIdentity(subject, null, null, roles, clearance);
        long now = System.currentTimeMillis();
        // exp is required by the claims verifier; remembered until then (not into the clock skew), at most a few minutes.
        long until = claims.getExpirationTime() == null ? now : Math.min(claims.getExpirationTime().getTime(), now + MAX_CACHED_MILLIS);
        if (until > now) {
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(token, new Verified(caller, until));
        }
        return caller;
    }

    /**
     * Returns the caller of a token verified before and not expired since, or {@code null}: a
     * signature check per request costs tens of microseconds, a lookup next to nothing. Never blocks.
     */
    public @Nullable CallerIdentity cached(String token) {
        Verified v = verified.get(token);
        if (v == null) {
            return null;
        }
        if (System.currentTimeMillis() < v.untilMillis()) {
            return v.caller();
        }
        verified.remove(token, v);
        return null;
    }

    /** Returns true when the keys come from a JWKS URL: verifying a token not {@linkplain #cached cached} may then fetch them. */
    public boolean remoteKeys() {
        return remoteKeys;
    }

    private static AuthenticationException invalid(String message) {
        return new AuthenticationException(ErrorCode.UNAUTHENTICATED, message);
    }

    @Override
    public String toString() {
        return "BearerTokens[" + description + "]";
    }

    /** Configures {@link BearerTokens}; not thread-safe. */
    public static final class Builder {
        private @Nullable JWSKeySelector<SecurityContext> keys;
        private String keysDescription = "";
        private @Nullable String issuer;
        private @Nullable String audience;
        private Duration clockSkew = Duration.ofSeconds(30);
        private boolean remoteKeys;

        private Builder() {}

        /**
         * Takes the keys from a JWKS file (RFC 7517 JSON), read now.
         *
         * @throws ConfigurationException when the file cannot be read or parsed
         */
        public Builder jwks(Path file) {
            try {
                keys = selector(new ImmutableJWKSet<>(JWKSet.load(file.toFile())));
                remoteKeys = false;
            } catch (IOException | ParseException e) {
                throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot read the JWKS file " + file + ": " + e.getMessage(), e);
            }
            keysDescription = "jwks " + file;
            return this;
        }

        /** Takes the keys from a JWKS URL, fetched on first use and cached. */
        public Builder jwks(URI url) {
            try {
                keys = selector(JWKSourceBuilder.create(url.toURL()).build());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new ConfigurationException(ErrorCode.CONFIGURATION, "the JWKS URL " + url + " is not usable: " + e.getMessage(), e);
            }
            keysDescription = "jwks " + url;
            remoteKeys = true;
            return this;
        }

        /** Verifies with this one RSA or EC public key, whatever key id a token names. */
        public Builder publicKey(PublicKey key) {
            Set<JWSAlgorithm> family;
            if (key instanceof RSAPublicKey) {
                family = JWSAlgorithm.Family.RSA;
            } else if (key instanceof ECPublicKey ec) {
                if (Curve.forECParameterSpec(ec.getParams()) == null) {
                    throw new ConfigurationException("the EC public key is on a curve JWS does not use");
                }
                family = JWSAlgorithm.Family.EC;
            } else {
                throw new ConfigurationException("bearer tokens are verified with an RSA or EC key, not " + key.getAlgorithm());
            }
            List<PublicKey> only = List.of(key);
            keys = (header, context) -> family.contains(header.getAlgorithm()) ? only : List.of();
            keysDescription = "key " + key.getAlgorithm();
            remoteKeys = false;
            return this;
        }

        private static JWSKeySelector<SecurityContext> selector(JWKSource<SecurityContext> source) {
            return new JWSVerificationKeySelector<>(ALGORITHMS, source);
        }

        /**
         * Verifies with the RSA or EC public key of a PEM file ({@code -----BEGIN PUBLIC KEY-----}).
         *
         * @throws ConfigurationException when the file holds no such key
         */
        public Builder publicKey(Path pemFile) {
            String pem;
            try {
                pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot read the public key file " + pemFile + ": " + e.getMessage(), e);
            }
            return publicKey(parsePem(pem, pemFile));
        }

        /** Requires this exact {@code iss}. Required. */
        public Builder issuer(String value) {
            issuer = Objects.requireNonNull(value, "issuer");
            return this;
        }

        /** Requires this value in {@code aud}: the gateway's name at the token issuer. Required. */
        public Builder audience(String value) {
            audience = Objects.requireNonNull(value, "audience");
            return this;
        }

        /** Sets the tolerated clock difference for {@code exp} and {@code nbf}; default 30 s. */
        public Builder clockSkew(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative, was " + value);
            }
            clockSkew = value;
            return this;
        }

        /**
         * Returns the verifier.
         *
         * @throws ConfigurationException when the keys, the issuer or the audience are missing
         */
        public BearerTokens build() {
            if (keys == null) {
                throw new ConfigurationException("bearer tokens need keys: a JWKS file or URL, or a public key");
            }
            if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
                throw new ConfigurationException("bearer tokens need the issuer and the audience they must carry");
            }
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(keys);
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                    new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
            claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
            processor.setJWTClaimsSetVerifier(claims);
            return new BearerTokens(processor, keysDescription + ", issuer " + issuer + ", audience " + audience, remoteKeys);
        }

        private static PublicKey parsePem(String pem, Path file) {
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(file + " is not a PEM public key");
            }
            for (String algorithm : List.of("RSA", "EC")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                    // Try the next algorithm.
                }
            }
            throw new ConfigurationException(file + " holds no RSA or EC public key (expected -----BEGIN PUBLIC KEY-----)");
        }
    }
}
