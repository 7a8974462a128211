package dev.acf.gateway.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a TLS listener secures each accepted connection: a fresh {@link SslHandler} per
 * connection and the ALPN protocols it offers (HTTP/2 is served when they include {@code h2}).
 * A plain {@link SslContext} is enough for custom setups; the gateway's ANS identity supplies
 * handlers that follow renewals and close resumed sessions of revoked peers. Implementations
 * are thread-safe; {@link #newHandler} runs on an event loop and must not block.
 *
 * <pre>{@code
 * ListenerTls tls = ListenerTls.of(gatewayTls.serverContext(), gatewayTls::serverHandler);
 * server.bind("0.0.0.0", 8443, tls);
 * }</pre>
 */
public interface ListenerTls {

    /** Returns the TLS handler of one new connection. */
    SslHandler newHandler(ByteBufAllocator alloc);

    /** Returns the ALPN protocols offered, preferred first; empty when ALPN is not used. */
    List<String> applicationProtocols();

    /** Returns listener TLS whose handlers come straight from this server context. */
    static ListenerTls of(SslContext context) {
        return of(context, context::newHandler);
    }

    /** Returns listener TLS whose handlers come from {@code handlers}; {@code context} tells the ALPN protocols. */
    static ListenerTls of(SslContext context, Function<ByteBufAllocator, SslHandler> handlers) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(handlers, "handlers");
        if (!context.isServer()) {
            throw new IllegalArgumentException("the listener needs a server SslContext");
        }
        List<String> protocols = List.copyOf(context.applicationProtocolNegotiator().protocols());
        return new ListenerTls() {
            @Override
            public SslHandler newHandler(ByteBufAllocator alloc) {
                return handlers.apply(alloc);
            }

            @Override
            public List<String> applicationProtocols() {
                return protocols;
            }
        };
    }
}
