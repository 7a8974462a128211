package dev.acf.ans.sync;

import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.api.name.Domain;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A peer domain's ANS as discovered (ANS-SYNC-1): where its API is and the signing keys that
 * passed the fingerprint pin, the only keys its changes are verified with.
 *
 * @param domain the peer domain
 * @param ans the base URI of its ANS API
 * @param keys its pinned public signing keys
 * @param txt the parameters of the TXT record that pinned them ({@code v}, {@code jwks}, {@code kid}, {@code fp}, ...)
 */
public record PeerEndpoint(Domain domain, URI ans, JWKSet keys, Map<String, String> txt) {
    /** Requires every field and copies the parameters. */
    public PeerEndpoint {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(ans, "ans");
        Objects.requireNonNull(keys, "keys");
        txt = Map.copyOf(txt);
    }
}
