package dev.acf.gateway.filter;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.tls.RevocationGuard;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Refuses every request whose client certificate was revoked with 403
 * {@code certificate_revoked} — checked per request, so a connection opened before the
 * revocation is refused from its next request on (REL-4); the handshake check in
 * {@code GatewayTls} only covers new connections. Requests without a certificate pass (the
 * {@link AuthenticationFilter} decides about them). Stage {@code SECURITY}, first.
 * Thread-safe and non-blocking.
 *
 * <pre>{@code
 * GatewayFilter revocation = new RevocationFilter(guard);
 * }</pre>
 */
public final class RevocationFilter implements AsyncGatewayFilter {
    private final RevocationGuard guard;

    /** Refuses certificates this guard knows to be revoked. */
    public RevocationFilter(RevocationGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        if (peer != null && peer.length > 0 && guard.isRevoked(peer[0])) {
            return CompletableFuture.completedFuture(Exchange.Response.error(ErrorCode.CERTIFICATE_REVOKED.httpStatus(),
                    ErrorCode.CERTIFICATE_REVOKED.id(), "the client certificate (serial " + peer[0].getSerialNumber().toString(16) + ") was revoked"));
        }
        return chain.proceed(exchange);
    }
}
