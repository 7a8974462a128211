package dev.acf.gateway.server;

import dev.acf.gateway.GatewayLimits;
import dev.acf.gateway.compress.Compression;

/** What every connection of one server shares: limits, dispatcher, drain state, the in-flight count and where refusals are told. */
interface ServerContext {
    GatewayLimits limits();

    RequestDispatcher dispatcher();

    Compression compression();

    boolean draining();

    void requestStarted();

    void requestFinished();

    /** Tells of a request the transport refused itself; never throws. */
    void refused(TransportRefusal refusal);
}
