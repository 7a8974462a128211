package dev.acf.ans.sync;

import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.ans.auth.Secret;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.name.Domain;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One peer domain of this ANS (ANS-SYNC-1, ANS-SYNC-2), in either or both directions:
 * <ul>
 *   <li><b>export</b>: the peer pulls this ANS's feed presenting {@code exportToken} and sees what
 *       {@code exportPolicy} lets it;</li>
 *   <li><b>import</b>: this ANS pulls the peer's feed presenting {@code importToken}, from
 *       {@code ans} (or the API its DNS SRV record names), verifying changes with
 *       {@code keys} (or the keys its DNS TXT record pins).</li>
 *   <li><b>relay</b> (off by default): besides this ANS's own records, the peer gets the records this
 *       ANS imported from the {@code relay} origin domains, as far as {@code exportPolicy} lets it,
 *       each still signed by its origin (and their revocations and withdrawals).</li>
 * </ul>
 * Immutable.
 *
 * <pre>{@code
 * Peer b = Peer.builder("b.example.net")
 *         .exportTo("token-b-presents-to-us-0001", ExportPolicy.builder().tags("public").build())
 *         .importWith("token-we-present-to-b-0001")   // API and keys from DNS
 *         .build();
 * }</pre>
 *
 * @param domain the peer domain
 * @param ans the peer ANS's base URI, or {@code null} to discover it through DNS
 * @param keys the peer's pinned public signing keys, or {@code null} to pin them through DNS
 * @param exportToken the token the peer presents to read this ANS's feed, or {@code null} not to export to it
 * @param exportPolicy what the peer may see
 * @param importToken the token this ANS presents to read the peer's feed, or {@code null} not to import from it
 * @param relay the origin domains whose imported records this ANS relays to the peer; empty relays none
 */
public record Peer(Domain domain, @Nullable URI ans, @Nullable JWKSet keys, @Nullable Secret exportToken, ExportPolicy exportPolicy,
        @Nullable String importToken, Set<Domain> relay) {

    /** Requires the domain and policy; keeps only public keys. */
    public Peer {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(exportPolicy, "exportPolicy");
        keys = keys == null ? null : keys.toPublicJWKSet();
        relay = Set.copyOf(relay);
    }

    /** Returns true when this ANS relays records of {@code recordDomain}, imported from elsewhere, to the peer. */
    public boolean relays(Domain recordDomain) {
        if (domain.contains(recordDomain)) {
            return false; // never the peer's own records back to it
        }
        for (Domain origin : relay) {
            if (origin.contains(recordDomain)) {
                return true;
            }
        }
        return false;
    }

    /** Returns a builder for a peer domain. */
    public static Builder builder(String domain) {
        return new Builder(Domain.of(domain));
    }

    /** Returns true when this ANS imports the peer's records. */
    public boolean imports() {
        return importToken != null;
    }

    /** Returns true when this ANS exports records to the peer. */
    public boolean exports() {
        return exportToken != null;
    }

    @Override
    public String toString() {
        return "Peer[" + domain + (imports() ? ", import" : "") + (exports() ? ", export " + exportPolicy : "")
                + (relay.isEmpty() ? "" : ", relay " + relay) + "]";
    }

    /** Builds a {@link Peer}; not thread-safe. */
    public static final class Builder {
        private final Domain domain;
        private @Nullable URI ans;
        private @Nullable JWKSet keys;
        private @Nullable Secret exportToken;
        private ExportPolicy exportPolicy = ExportPolicy.defaults();
        private @Nullable String importToken;
        private final Set<Domain> relay = new LinkedHashSet<>();

        private Builder(Domain domain) {
            this.domain = domain;
        }

        /** Reads the peer's feed from this base URI instead of discovering it through DNS. */
        public Builder ans(URI value) { this.ans = Objects.requireNonNull(value, "ans"); return this; }

        /** Verifies the peer's changes with these keys instead of pinning them through DNS. */
        public Builder pinnedKeys(JWKSet value) { this.keys = Objects.requireNonNull(value, "keys"); return this; }

        /** Exports to the peer: it presents {@code token} (at least 16 characters) and sees what {@code policy} permits. */
        public Builder exportTo(String token, ExportPolicy policy) {
            this.exportToken = Secret.of(token);
            this.exportPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Imports from the peer, presenting {@code token} to its feed. */
        public Builder importWith(String token) { this.importToken = Objects.requireNonNull(token, "token"); return this; }

        /**
         * Relays to the peer the records this ANS imports from these origin domains (their own signatures kept, so the peer
         * verifies them against each origin's pinned key), as far as the export policy permits; off by default. Needs
         * {@link #exportTo}.
         */
        public Builder relay(String... origins) {
            for (String origin : origins) {
                relay.add(Domain.of(Objects.requireNonNull(origin, "origin")));
            }
            return this;
        }

        /**
         * Returns the peer.
         *
         * @throws ConfigurationException when it neither imports, exports nor pins keys (a peer with keys only is a
         *     trusted origin of changes relayed by other peers), or relays without being exported to
         */
        public Peer build() {
            if (exportToken == null && importToken == null && keys == null) {
                throw new ConfigurationException("peer " + domain + " neither imports, exports nor pins keys: call exportTo(...), importWith(...) or pinnedKeys(...)");
            }
            if (!relay.isEmpty() && exportToken == null) {
                throw new ConfigurationException("peer " + domain + " relays " + relay + " but is not exported to: call exportTo(...)");
            }
            return new Peer(domain, ans, keys, exportToken, exportPolicy, importToken, relay);
        }
    }
}
