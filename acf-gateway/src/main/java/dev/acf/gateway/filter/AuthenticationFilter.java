package dev.acf.gateway.filter;

import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.redact.Clearances;
import dev.acf.gateway.tls.CallerCertificates;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Establishes who is calling (GW-SEC-1, GW-PIPE-1). From the mTLS client certificate: the chain
 * in {@link ExchangeAttributes#PEER_CERTIFICATES}, already verified by TLS, becomes the
 * exchange's {@link CallerIdentity} (the ANS name of its SAN URI). Without a certificate, from
 * an {@code Authorization: Bearer} JWT when {@link Builder#bearerTokens} is configured: a
 * valid token becomes a non-agent caller ({@link BearerTokens}) and is not passed on to the
 * agent; an invalid or expired one is 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token"}. A certificate wins over a token: with both, the token is ignored.
 * With neither, the answer is 401 {@code unauthenticated}, except on paths configured for
 * anonymous callers (such as the catalogue), which proceed as {@link CallerIdentity#anonymous()}.
 * A certificate without an ANS name is 401 on every path. The {@link Clearances} rules
 * ({@link Builder#clearances}) then set an authenticated caller's clearance. Stage {@code SECURITY}, after
 * {@link RevocationFilter}. Thread-safe; non-blocking except for a JWKS URL's first fetch.
 *
 * <pre>{@code
 * GatewayFilter authn = AuthenticationFilter.builder(CallerCertificates.forDomains(List.of(domain)))
 *         .anonymousPaths(List.of("/v1/catalog", "/.well-known/agent-card.json"))
 *         .bearerTokens(BearerTokens.builder().jwks(jwksFile).issuer("https://login.example.net/").audience("acf-gateway").build())
 *         .build();
 * }</pre>
 */
public final class AuthenticationFilter implements GatewayFilter {
    private static final String BEARER = "Bearer ";

    private final CallerCertificates certificates;
    private final Predicate<String> anonymous;
    private final @Nullable BearerTokens bearer;
    private final Clearances clearances;

    private AuthenticationFilter(CallerCertificates certificates, Predicate<String> anonymous, @Nullable BearerTokens bearer,
            Clearances clearances) {
        this.certificates = certificates;
        this.anonymous = anonymous;
        this.bearer = bearer;
        this.clearances = clearances;
    }

    /** Returns a builder reading identities with these rules; no anonymous paths by default. */
    public static Builder builder(CallerCertificates certificates) {
        return new Builder(certificates);
    }

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        if (peer == null || peer.length == 0) {
            String token = bearer == null ? null : token(exchange.request());
            if (bearer != null && token != null) {
                CallerIdentity caller;
                try {
                    caller = bearer.verify(token);
                } catch (AuthenticationException e) {
                    return Exchange.Response.error(e).withHeader("www-authenticate", "Bearer error=\"invalid_token\"");
                }
                Exchange.Request r = exchange.request();
                // The token was issued for the gateway: the agent gets the caller identity, not a credential to replay.
                Exchange.Request forwarded = new Exchange.Request(r.method(), r.path(), r.headers().without("authorization"), r.body());
                return chain.proceed(exchange.withRequest(forwarded).withCaller(clearances.apply(caller)));
            }
            if (anonymous.test(pathOnly(exchange.request().path()))) {
                return chain.proceed(exchange.withCaller(CallerIdentity.anonymous()));
            }
            Exchange.Response refused = Exchange.Response.error(ErrorCode.UNAUTHENTICATED.httpStatus(), ErrorCode.UNAUTHENTICATED.id(),
                    bearer == null ? "this gateway requires a client certificate issued by the ANS"
                            : "this gateway requires a client certificate issued by the ANS or a bearer token");
            return bearer == null ? refused : refused.withHeader("www-authenticate", "Bearer");
        }
        CallerIdentity caller;
        try {
            caller = certificates.identity(peer);
        } catch (AuthenticationException e) {
            return Exchange.Response.error(e);
        }
        return chain.proceed(exchange.withCaller(clearances.apply(caller)));
    }

    private static @Nullable String token(Exchange.Request request) {
        String value = request.headers().first("authorization").orElse(null);
        if (value == null || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** Configures an {@link AuthenticationFilter}; not thread-safe. */
    public static final class Builder {
        private final CallerCertificates certificates;
        private Predicate<String> anonymous = path -> false;
        private @Nullable BearerTokens bearer;
        private Clearances clearances = Clearances.none();

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

        /** Accepts callers without a certificate that present a bearer JWT these rules verify; default: none. */
        public Builder bearerTokens(BearerTokens value) {
            this.bearer = Objects.requireNonNull(value, "bearer");
            return this;
        }

        /** Sets the clearance rules applied to authenticated callers (default none: the credential's clearance). */
        public Builder clearances(Clearances value) {
            this.clearances = Objects.requireNonNull(value, "clearances");
            return this;
        }

        /** Returns the filter. */
        public AuthenticationFilter build() {
            return new AuthenticationFilter(certificates, anonymous, bearer, clearances);
        }
    }
}
