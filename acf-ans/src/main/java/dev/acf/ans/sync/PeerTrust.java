package dev.acf.ans.sync;

import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.name.Domain;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys this ANS verifies peer changes with, per origin domain: those configured on a
 * {@link Peer}, else those {@link PeerDiscovery} pinned through DNS (cached; discovered again at
 * most every {@value #REDISCOVER_MILLIS} ms, when a change names a key not pinned yet, such as after
 * the peer rotated its key and its DNS). A domain that is neither configured nor discoverable has no
 * keys, so its changes are refused, whoever relays them. Thread-safe.
 */
final class PeerTrust {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTrust.class);
    static final long REDISCOVER_MILLIS = 30_000;

    private record Discovered(PeerEndpoint endpoint, long atNanos) {}

    private final Map<Domain, Peer> configured;
    private final @Nullable PeerDiscovery discovery;
    private final Map<Domain, Discovered> discovered = new ConcurrentHashMap<>();
    /** When discovery of a domain last failed: not retried within the interval, so a relay cannot make us query DNS per change. */
    private final Map<Domain, Long> failed = new ConcurrentHashMap<>();

    PeerTrust(List<Peer> peers, @Nullable PeerDiscovery discovery) {
        this.configured = Map.copyOf(peers.stream().collect(java.util.stream.Collectors.toMap(Peer::domain, p -> p)));
        this.discovery = discovery;
    }

    /** Returns the keys pinned for an origin domain, empty when none can be. */
    Optional<JWKSet> keys(Domain origin) {
        Peer peer = configured.get(origin);
        if (peer != null && peer.keys() != null) {
            return Optional.of(peer.keys());
        }
        Discovered known = discovered.get(origin);
        if (known != null) {
            return Optional.of(known.endpoint().keys());
        }
        Long failedAt = failed.get(origin);
        if (failedAt != null && System.nanoTime() - failedAt < REDISCOVER_MILLIS * 1_000_000) {
            return Optional.empty();
        }
        try {
            return Optional.of(discover(origin).keys());
        } catch (AcfException e) {
            failed.put(origin, System.nanoTime());
            LOG.warn("no keys can be pinned for origin {}: {}", origin, e.getMessage());
            return Optional.empty();
        }
    }

    /** Forgets the discovered keys of a domain when they are older than the rediscovery interval; returns true if it did. */
    boolean refresh(Domain origin) {
        Discovered known = discovered.get(origin);
        if (known == null || System.nanoTime() - known.atNanos() < REDISCOVER_MILLIS * 1_000_000) {
            return false;
        }
        return discovered.remove(origin, known);
    }

    /** Returns the base URI of a peer's ANS: configured, else discovered. */
    URI ans(Peer peer) {
        if (peer.ans() != null) {
            return peer.ans();
        }
        Discovered known = discovered.get(peer.domain());
        return known != null ? known.endpoint().ans() : discover(peer.domain()).ans();
    }

    private PeerEndpoint discover(Domain domain) {
        if (discovery == null) {
            throw new ConfigurationException("peer " + domain + " has no configured API and keys, and DNS discovery is off");
        }
        PeerEndpoint endpoint = discovery.discover(domain);
        discovered.put(domain, new Discovered(endpoint, System.nanoTime()));
        LOG.info("discovered the ANS of {} at {} with pinned keys {}", domain, endpoint.ans(),
                endpoint.keys().getKeys().stream().map(k -> k.getKeyID()).toList());
        return endpoint;
    }
}
