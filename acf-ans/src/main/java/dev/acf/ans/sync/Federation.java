package dev.acf.ans.sync;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.DnsLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The federation settings of an ANS (ANS-SYNC-1, ANS-SYNC-2): its peers, how peers are found in
 * DNS, how often an importer polls when no notification arrives, and whether semantic resolution
 * includes peers' agents when a request does not say. Immutable; pass it to
 * {@code AnsServer.Builder.federation(...)}.
 *
 * <pre>{@code
 * Federation federation = Federation.builder()
 *         .dns(DnsjavaLookup.of(new InetSocketAddress("127.0.0.1", 5353)))
 *         .peer(Peer.builder("b.example.net").importWith("token-for-b-0000001").build())
 *         .build();
 * }</pre>
 *
 * @param peers the peer domains, at most one entry each
 * @param dns the DNS lookup of peer discovery, or {@code null} for the system resolver (used only for peers without explicit API or keys)
 * @param pollInterval how often an importer reads a peer's feed when no notification came (a fallback)
 * @param pageSize how many changes an importer asks per page
 * @param includePeersByDefault whether semantic resolution includes peers' agents when the request does not say
 */
public record Federation(List<Peer> peers, @Nullable DnsLookup dns, Duration pollInterval, int pageSize, boolean includePeersByDefault) {
    /** The largest page a feed serves. */
    public static final int MAX_PAGE = 5_000;

    /** Validates and copies. */
    public Federation {
        peers = List.copyOf(peers);
        Set<Domain> seen = new HashSet<>();
        for (Peer peer : peers) {
            if (!seen.add(peer.domain())) {
                throw new ConfigurationException("peer " + peer.domain() + " is configured twice");
            }
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ConfigurationException("federation poll interval must be positive, was " + pollInterval);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new ConfigurationException("federation page size must be 1-" + MAX_PAGE + ", was " + pageSize);
        }
    }

    /** Returns a builder: no peers, system DNS, poll every 30 s, pages of 1,000, peers only on request. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Federation}; not thread-safe. */
    public static final class Builder {
        private final List<Peer> peers = new ArrayList<>();
        private @Nullable DnsLookup dns;
        private Duration pollInterval = Duration.ofSeconds(30);
        private int pageSize = 1_000;
        private boolean includePeersByDefault;

        private Builder() {}

        /** Adds a peer domain. */
        public Builder peer(Peer value) { peers.add(Objects.requireNonNull(value, "peer")); return this; }
        /** Looks peers up with this DNS client (default: {@link DnsjavaLookup#system()}). */
        public Builder dns(DnsLookup value) { this.dns = Objects.requireNonNull(value, "dns"); return this; }
        /** Sets how often importers poll without a notification (default 30 s). */
        public Builder pollInterval(Duration value) { this.pollInterval = value; return this; }
        /** Sets the page size importers ask for (default 1,000, at most {@value Federation#MAX_PAGE}). */
        public Builder pageSize(int value) { this.pageSize = value; return this; }
        /** Includes peers' agents in semantic resolution unless a request says {@code "includePeers": false}. */
        public Builder includePeersByDefault(boolean value) { this.includePeersByDefault = value; return this; }

        /** Returns the settings. */
        public Federation build() {
            return new Federation(peers, dns, pollInterval, pageSize, includePeersByDefault);
        }
    }
}
