package dev.acf.gateway.server;

import dev.acf.gateway.GatewayLimits;

/** What every connection of one server shares: limits, dispatcher, drain state and the in-flight count. */
interface ServerContext {
    GatewayLimits limits();

    RequestDispatcher dispatcher();

    boolean draining();

    void requestStarted();

    void requestFinished();
}
