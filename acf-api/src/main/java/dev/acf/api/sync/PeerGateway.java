package dev.acf.api.sync;

import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The gateway of a federated peer domain (ANS-SYNC-3), as its DNS announcement names it: calls
 * to that domain's agents go to {@code base}, over mTLS checked against {@code gateway}, and the
 * peer domain's CA certificates are trusted only for names inside {@code domain}, so that the
 * peer can neither impersonate this domain's agents nor vouch for callers of a third domain.
 * Immutable.
 *
 * @param domain the peer domain
 * @param base the peer gateway's base URI ({@code https}); calls go to {@code {base}/agents/{name}...}
 * @param gateway the ANS name the peer gateway's certificate carries, inside {@code domain}
 * @param ca the peer domain's CA certificates (trust anchors for names of {@code domain} only)
 */
public record PeerGateway(Domain domain, URI base, AgentName gateway, List<X509Certificate> ca) {

    /** Requires an https base, a gateway name inside the domain and at least one CA certificate. */
    public PeerGateway {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(gateway, "gateway");
        ca = List.copyOf(ca);
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") || base.getHost() == null) {
            throw new ValidationException("the gateway of peer domain " + domain + " must be an absolute https URI, was '" + base + "'");
        }
        if (!domain.contains(gateway)) {
            throw new ValidationException("the gateway " + gateway + " of peer domain " + domain + " lies outside that domain");
        }
        if (ca.isEmpty()) {
            throw new ValidationException("peer domain " + domain + " needs at least one CA certificate");
        }
    }
}
