package dev.acf.gateway.server;

/**
 * Receives each complete request from the transport, on an event loop, and must return at
 * once: the work (filter chain, proxy) runs elsewhere and answers through
 * {@link InboundRequest#respond} or {@link InboundRequest#respondStreaming}. Used by
 * {@code GatewayServer}; not an extension point.
 */
@FunctionalInterface
public interface RequestDispatcher {

    /** Takes one request; never blocks. */
    void dispatch(InboundRequest request);
}
