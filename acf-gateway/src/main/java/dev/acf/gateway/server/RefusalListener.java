package dev.acf.gateway.server;

/**
 * Hears of every {@link TransportRefusal}, so that refusals the filter chain never sees still
 * get their audit event and metrics. Called on an event loop (or the dispatching thread): it
 * must not block and must not throw; what it does with a refusal (queue an audit event, count
 * a meter) has to be that cheap. Used by {@code GatewayServer}; not an extension point.
 */
@FunctionalInterface
public interface RefusalListener {
    /** Ignores every refusal. */
    RefusalListener NONE = refusal -> {};

    /** Records one refusal; never blocks. */
    void refused(TransportRefusal refusal);
}
