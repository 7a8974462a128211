/**
 * The service proxy (GW-PROXY-1): callers address agents by ANS name in the path
 * {@code /agents/{url-encoded name}/...}; the gateway resolves the name through
 * {@link dev.acf.api.resolve.AnsLookup} (cached, invalidated by ANS events), forwards over a
 * bounded pool of upstream connections (HTTP/1.1 keep-alive, TLS with the gateway's client
 * context), streams large and SSE responses with back-pressure both ways, and hides the
 * topology: no upstream address, server software or hop header reaches the caller, and Agent
 * Cards come back with every URL pointing at the gateway. Failed calls fail over to another
 * instance when that is safe (idempotent calls, or nothing was sent), within the circuit
 * breakers and retry budget of an {@link dev.acf.gateway.proxy.UpstreamPolicy} (GW-HA-1).
 */
@NullMarked
package dev.acf.gateway.proxy;

import org.jspecify.annotations.NullMarked;
