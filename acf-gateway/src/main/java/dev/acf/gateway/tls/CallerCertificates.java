package dev.acf.gateway.tls;

import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a client certificate chain, already verified by TLS against the ANS CA, into the
 * caller's identity: the ANS name in the leaf's SAN URI ({@code ans://v1.0.0.rca.ops.example.net})
 * becomes the caller's agent name, and its domain is the longest configured ANS domain that
 * contains it. A certificate without an ANS SAN URI, or with a name outside every configured
 * domain, is refused. Immutable and thread-safe.
 *
 * <pre>{@code
 * CallerCertificates callers = CallerCertificates.forDomains(List.of(Domain.of("ops.example.net")));
 * CallerIdentity caller = callers.identity(peerCertificates);   // or AuthenticationException (401)
 * }</pre>
 */
public final class CallerCertificates {
    private static final int SAN_URI = 6;

    private final List<Domain> domains;
    private final ClassificationLevel clearance;

    private CallerCertificates(List<Domain> domains, ClassificationLevel clearance) {
        this.domains = List.copyOf(domains);
        this.clearance = Objects.requireNonNull(clearance, "clearance");
    }

    /**
     * Accepts names inside these domains, each caller cleared {@link ClassificationLevel#INTERNAL}.
     * With no domains, any ANS name is accepted and its domain is the name's parent zone
     * (the host name without its first label).
     */
    public static CallerCertificates forDomains(Collection<Domain> domains) {
        return new CallerCertificates(List.copyOf(domains), ClassificationLevel.INTERNAL);
    }

    /** Returns a copy that clears every certified caller for this level. */
    public CallerCertificates withClearance(ClassificationLevel level) {
        return new CallerCertificates(domains, level);
    }

    /**
     * Returns the identity of the caller that presented this chain (leaf first).
     *
     * @throws AuthenticationException ({@code unauthenticated}) when the chain is empty, the
     *     leaf has no ANS SAN URI, or its name lies outside the configured domains
     */
    public CallerIdentity identity(X509Certificate[] chain) {
        Objects.requireNonNull(chain, "chain");
        if (chain.length == 0) {
            throw new AuthenticationException(ErrorCode.UNAUTHENTICATED, "no client certificate was presented");
        }
        X509Certificate leaf = chain[0];
        AgentName name = agentName(leaf).orElseThrow(() -> new AuthenticationException(ErrorCode.UNAUTHENTICATED,
                "the client certificate (serial " + leaf.getSerialNumber().toString(16) + ") carries no ANS name in its SAN URI"));
        return CallerIdentity.ofAgent(name, domainOf(name), clearance);
    }

    private Domain domainOf(AgentName name) {
        if (domains.isEmpty()) {
            return Domain.of(name.fqdn().substring(name.fqdn().indexOf('.') + 1));
        }
        Domain best = null;
        for (Domain d : domains) {
            if (d.contains(name) && (best == null || d.name().length() > best.name().length())) {
                best = d;
            }
        }
        if (best == null) {
            throw new AuthenticationException(ErrorCode.UNAUTHENTICATED,
                    "the client certificate names " + name + ", outside the domains this gateway serves " + domains);
        }
        return best;
    }

    /**
     * Returns the ANS name in the certificate's SAN URI, or empty when it has none (or an
     * unreadable one). The first {@code ans://} URI that parses wins.
     */
    public static Optional<AgentName> agentName(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (sans == null) {
            return Optional.empty();
        }
        for (List<?> san : sans) {
            if (san.size() >= 2 && Integer.valueOf(SAN_URI).equals(san.get(0)) && san.get(1) instanceof String uri
                    && uri.regionMatches(true, 0, AgentName.SCHEME + "://", 0, AgentName.SCHEME.length() + 3)) {
                @Nullable AgentName parsed = parseOrNull(uri);
                if (parsed != null) {
                    return Optional.of(parsed);
                }
            }
        }
        return Optional.empty();
    }

    private static @Nullable AgentName parseOrNull(String uri) {
        return AgentName.isValid(uri) ? AgentName.parse(uri) : null;
    }
}
