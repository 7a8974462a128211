package dev.acf.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.acf.api.error.TrustException;
import dev.acf.api.json.AcfJson;
import dev.acf.client.jws.SignatureVerifier;
import dev.acf.client.jws.VerifiedSignature;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ANS signing keys a client trusts. Either pinned by the application, or fetched from
 * {@code /.well-known/ans} on first use (trust on first use) and fetched again when an answer
 * names a {@code kid} not seen yet (the ANS rotated its key), at most once per refresh interval
 * so a stream of forged {@code kid}s cannot make the client hammer the ANS. Pinned keys are
 * never replaced. Thread-safe.
 */
final class AnsKeys {
    private static final Logger LOG = LoggerFactory.getLogger(AnsKeys.class);

    private final @Nullable SignatureVerifier pinned;
    private final Supplier<byte[]> wellKnown;
    private final Duration refreshInterval;
    private final Duration maxAge;
    private final Clock clock;
    private volatile @Nullable SignatureVerifier fetched;
    private @Nullable Instant lastFetch;

    AnsKeys(@Nullable String pinnedJwks, Supplier<byte[]> wellKnown, Duration refreshInterval, Duration maxAge, Clock clock) {
        this.pinned = pinnedJwks == null ? null : SignatureVerifier.fromJwksJson(pinnedJwks);
        this.wellKnown = wellKnown;
        this.refreshInterval = refreshInterval;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * Verifies a detached signature over exact bytes and its freshness.
     *
     * @throws TrustException ({@code bad_signature}) when it cannot be trusted
     */
    VerifiedSignature verify(@Nullable String jws, byte[] body) {
        SignatureVerifier verifier = verifier();
        VerifiedSignature verified;
        try {
            verified = verifier.verify(jws, body);
        } catch (TrustException e) {
            SignatureVerifier refreshed = pinned == null ? refreshFor(kid(jws), verifier) : null;
            if (refreshed == null) {
                throw e;
            }
            verified = refreshed.verify(jws, body);
        }
        Instant now = clock.instant();
        if (verified.issuedAt().isBefore(now.minus(maxAge)) || verified.issuedAt().isAfter(now.plus(maxAge))) {
            throw new TrustException("the ANS answer was signed at " + verified.issuedAt() + ", more than " + maxAge
                    + " from now (" + now + "): a replayed or delayed answer is refused");
        }
        return verified;
    }

    private SignatureVerifier verifier() {
        if (pinned != null) {
            return pinned;
        }
        SignatureVerifier current = fetched;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (fetched == null) {
                fetched = fetch();
                LOG.info("trusting the ANS signing keys {} on first use", fetched.keyIds());
            }
            return fetched;
        }
    }

    /** Fetches the JWKS again when the kid is new and the last fetch is old enough; null otherwise. */
    private synchronized @Nullable SignatureVerifier refreshFor(@Nullable String kid, SignatureVerifier used) {
        if (kid == null || used.keyIds().contains(kid)) {
            return null;
        }
        SignatureVerifier current = fetched;
        if (current != null && current != used && current.keyIds().contains(kid)) {
            return current; // another thread refreshed meanwhile
        }
        Instant now = clock.instant();
        if (lastFetch != null && now.isBefore(lastFetch.plus(refreshInterval))) {
            return null;
        }
        SignatureVerifier next = fetch();
        if (!next.keyIds().contains(kid)) {
            return null;
        }
        LOG.info("the ANS signing keys changed to {}", next.keyIds());
        fetched = next;
        return next;
    }

    private synchronized SignatureVerifier fetch() {
        lastFetch = clock.instant();
        JsonNode document = AcfJson.readTree(wellKnown.get());
        JsonNode keys = document.path("keys");
        if (!keys.isArray() || keys.isEmpty()) {
            throw new TrustException("the ANS's /.well-known/ans lists no signing keys");
        }
        return SignatureVerifier.fromJwksJson(AcfJson.writeString(Map.of("keys", keys)));
    }

    private static @Nullable String kid(@Nullable String jws) {
        if (jws == null) {
            return null;
        }
        int dot = jws.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            return JWSHeader.parse(new Base64URL(jws.substring(0, dot).strip())).getKeyID();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }
}
