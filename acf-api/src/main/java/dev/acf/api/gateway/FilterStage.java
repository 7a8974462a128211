package dev.acf.api.gateway;

/**
 * The fixed stages of the gateway pipeline, in the order they run. A filter is placed in a
 * stage by the gateway's builder (or by its {@link GatewayFilterProvider}); within a stage,
 * filters run in the order they were added. There are no numeric orders to collide.
 */
public enum FilterStage {
    /** Authentication and authorization: who is calling, may they. */
    SECURITY,
    /** Priority classes, rate limits, admission. */
    QOS,
    /** Request validation and content inspection. */
    INSPECTION,
    /** Audit, metrics and tracing: they see what the later stages did. */
    OBSERVABILITY,
    /** Name resolution and endpoint choice, just before the proxy. */
    ROUTING
}
