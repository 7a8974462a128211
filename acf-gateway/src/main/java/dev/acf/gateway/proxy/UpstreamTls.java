package dev.acf.gateway.proxy;

import dev.acf.api.name.AgentName;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.Objects;

/**
 * How the gateway secures a new connection to an {@code https} agent. With the gateway's ANS
 * identity the handler verifies, inside the handshake, that the agent's certificate carries
 * the ANS name being called; a plain client {@link SslContext} ({@link #of}) only verifies
 * the chain. Pooled connections are kept per agent name, so a connection verified for one
 * agent never carries another's requests. Thread-safe; {@link #newHandler} runs on an event
 * loop and must not block.
 *
 * <pre>{@code
 * UpstreamTls tls = (alloc, agent, host, port) -> gatewayTls.upstreamHandler(alloc, agent, port);
 * }</pre>
 */
@FunctionalInterface
public interface UpstreamTls {

    /**
     * Returns the TLS handler of one new connection.
     *
     * @param agent the ANS name of the agent this connection calls, as resolved
     * @param host the endpoint's host
     * @param port the endpoint's port
     */
    SslHandler newHandler(ByteBufAllocator alloc, AgentName agent, String host, int port);

    /** Returns upstream TLS from a client context: chain verification as the context does it, no ANS name check. */
    static UpstreamTls of(SslContext context) {
        Objects.requireNonNull(context, "context");
        if (!context.isClient()) {
            throw new IllegalArgumentException("upstream TLS needs a client SslContext");
        }
        return (alloc, agent, host, port) -> context.newHandler(alloc, host, port);
    }
}
