package dev.acf.gateway.filter;

import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.redact.Clearances;
import dev.acf.gateway.tls.CallerCertificates;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
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
 * {@link RevocationFilter}. Thread-safe and non-blocking: a token a JWKS URL must verify is verified on a virtual thread.
 *
 * <pre>{@code
 * GatewayFilter authn = AuthenticationFilter.builder(CallerCertificates.forDomains(List.of(domain)))
 *         .anonymousPaths(List.of("/v1/catalog", "/.well-known/agent-card.json"))
 *         .bearerTokens(BearerTokens.builder().jwks(jwksFile).issuer("https://login.example.net/").audience("acf-gateway").build())
 *         .build();
 * }</pre>
 */
public final class AuthenticationFilter implements AsyncGatewayFilter {
    private static final String BEARER = "Bearer ";
    /** Where tokens are verified when that may fetch a JWKS. */
    private static final Executor VERIFIERS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-jwt-", 0).factory());

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
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        if (peer == null || peer.length == 0) {
            BearerTokens tokens = bearer;
            String token = tokens == null ? null : token(exchange.request());
            if (tokens != null && token != null) {
                CallerIdentity known = tokens.cached(token);
                if (known != null) {
                    return bearerCaller(exchange, known, chain);
                }
                if (tokens.remoteKeys()) {
                    // Verifying may fetch the JWKS: on a virtual thread, never on an event loop.
                    return CompletableFuture.supplyAsync(() -> Verdict.of(tokens, token), VERIFIERS)
                            .thenCompose(verdict -> proceedOrRefuse(exchange, verdict, chain));
                }
                return proceedOrRefuse(exchange, Verdict.of(tokens, token), chain);
            }
            if (anonymous.test(pathOnly(exchange.request().path()))) {
                return chain.proceed(exchange.withCaller(CallerIdentity.anonymous()));
            }
            Exchange.Response refused = Exchange.Response.error(ErrorCode.UNAUTHENTICATED.httpStatus(), ErrorCode.UNAUTHENTICATED.id(),
                    bearer == null ? "this gateway requires a client certificate issued by the ANS"
                            : "this gateway requires a client certificate issued by the ANS or a bearer token");
            return CompletableFuture.completedFuture(bearer == null ? refused : refused.withHeader("www-authenticate", "Bearer"));
        }
        CallerIdentity caller;
        try {
            caller = certificates.identity(peer);
        } catch (AuthenticationException e) {
            return CompletableFuture.completedFuture(Exchange.Response.error(e));
        }
        return chain.proceed(exchange.withCaller(clearances.apply(caller)));
    }

    /** The outcome of verifying a token: its caller, else why not. */
    private record Verdict(@Nullable CallerIdentity caller, @Nullable AuthenticationException failure) {
        static Verdict of(BearerTokens tokens, String token) {
            try {
                return new Verdict(tokens.verify(token), null);
            } catch (AuthenticationException e) {
                return new Verdict(null, e);
            }
        }
    }

    private CompletionStage<Exchange.Response> proceedOrRefuse(Exchange exchange, Verdict verdict, AsyncChain chain) {
        CallerIdentity caller = verdict.caller();
        if (caller != null) {
            return bearerCaller(exchange, caller, chain);
        }
        return CompletableFuture.completedFuture(Exchange.Response.error(Objects.requireNonNull(verdict.failure()))
                .withHeader("www-authenticate", "Bearer error=\"invalid_token\""));
    }

    private CompletionStage<Exchange.Response> bearerCaller(Exchange exchange, CallerIdentity caller, AsyncChain chain) {
        Exchange.Request r = exchange.request();
        // The token was issued for the gateway: the agent gets the caller identity, not a credential to replay.
        Exchange.Request forwarded = new Exchange.Request(r.method(), r.path(), r.headers().without("authorization"), r.body());
        return chain.proceed(exchange.withRequest(forwarded).withCaller(clearances.apply(caller)));
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
