package dev.acf.client.host;

import dev.acf.api.name.AgentName;
import org.jspecify.annotations.Nullable;

/**
 * Who sent a request, as the host authenticated it.
 *
 * @param caller the agent that called: a trusted gateway's {@code ACF-Caller}, else the name in the
 *     client certificate; null for a caller without a certificate
 * @param connection the name in the TLS client certificate, null without one
 * @param trustedGateway whether the connection is one of the host's trusted gateways, which alone
 *     may name the caller and restore tasks
 */
record Peer(@Nullable AgentName caller, @Nullable AgentName connection, boolean trustedGateway) {
    static final Peer ANONYMOUS = new Peer(null, null, false);
}
