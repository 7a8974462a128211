/**
 * Mutual TLS with ANS certificates (GW-SEC-1, REL-4): {@link dev.acf.gateway.tls.GatewayTls}
 * builds the listener's and the upstream's Netty {@code SslContext}s from the gateway's own
 * ANS identity and the ANS CA chain, {@link dev.acf.gateway.tls.CallerCertificates} turns a
 * verified client certificate into a caller identity, and
 * {@link dev.acf.gateway.tls.RevocationGuard} keeps the set of revoked certificates current from
 * ANS revocation events with a CRL fallback.
 */
@NullMarked
package dev.acf.gateway.tls;

import org.jspecify.annotations.NullMarked;
