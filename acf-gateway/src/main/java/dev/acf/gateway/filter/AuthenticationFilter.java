package dev.acf.gateway.filter;

import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.tls.CallerCertificates;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Establishes who is calling from the mTLS client certificate (GW-SEC-1): the chain in
 * {@link ExchangeAttributes#PEER_CERTIFICATES}, already verified by TLS, becomes the exchange's
 * {@link CallerIdentity} (the ANS name of its SAN URI). Without a certificate the answer is
 * 401 {@code unauthenticated}, except on paths configured for anonymous callers (such as the
 * catalogue), which proceed as {@link CallerIdentity#anonymous()}. A certificate without an ANS
 * name is 401 on every path. Stage {@code SECURITY}, after {@link RevocationFilter}.
 * Thread-safe and non-blocking.
 *
 * <pre>{@code
 * GatewayFilter authn = AuthenticationFilter.builder(CallerCertificates.forDomains(List.of(domain)))
 *         .anonymousPaths(List.of("/v1/catalog", "/.well-known/agent-card.json"))
 *         .build();
 * }</pre>
 */
public final class AuthenticationFilter implements GatewayFilter {
    private final CallerCertificates certificates;
    private final Predicate<String> anonymous;

    private AuthenticationFilter(CallerCertificates certificates, Predicate<String> anonymous) {
        this.certificates = certificates;
        this.anonymous = anonymous;
    }

    /** Returns a builder reading identities with these rules; no anonymous paths by default. */
    public static Builder builder(CallerCertificates certificates) {
        return new Builder(certificates);
    }

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        if (peer == null || peer.length == 0) {
            if (anonymous.test(pathOnly(exchange.request().path()))) {
                return chain.proceed(exchange.withCaller(CallerIdentity.anonymous()));
            }
            return Exchange.Response.error(ErrorCode.UNAUTHENTICATED.httpStatus(), ErrorCode.UNAUTHENTICATED.id(),
                    "this gateway requires a client certificate issued by the ANS");
        }
        CallerIdentity caller;
        try {
            caller = certificates.identity(peer);
        } catch (AuthenticationException e) {
            return Exchange.Response.error(e);
        }
        return chain.proceed(exchange.withCaller(caller));
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** Configures an {@link AuthenticationFilter}; not thread-safe. */
    public static final class Builder {
        private final CallerCertificates certificates;
        private Predicate<String> anonymous = path -> false;

        private Builder(CallerCertificates certificates) {
            this.certificates = Objects.requireNonNull(certificates, "certificates");
        }

        /**
         * Lets callers without a certificate reach these paths and everything below them
         * ({@code /v1/catalog} covers {@code /v1/catalog/x}, not {@code /v1/catalogue}).
         */
        public Builder anonymousPaths(List<String> prefixes) {
            List<String> copy = List.copyOf(prefixes);
            this.anonymous = path -> copy.stream().anyMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"));
            return this;
        }

        /** Lets callers without a certificate reach the paths (without query) this predicate accepts. */
        public Builder anonymousWhen(Predicate<String> pathPredicate) {
            this.anonymous = Objects.requireNonNull(pathPredicate, "pathPredicate");
            return this;
        }

        /** Returns the filter. */
        public AuthenticationFilter build() {
            return new AuthenticationFilter(certificates, anonymous);
        }
    }
}
