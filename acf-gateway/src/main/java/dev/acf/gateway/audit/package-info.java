/**
 * Audit and observability of the gateway (GW-AUD-1): the default
 * {@link dev.acf.gateway.audit.JsonLinesAuditSink} (rotating JSON-lines file written off the
 * request threads), {@link dev.acf.gateway.audit.GatewayMetrics} over Micrometer, and
 * {@link dev.acf.gateway.audit.TraceContext}, the W3C {@code traceparent} value.
 */
@NullMarked
package dev.acf.gateway.audit;

import org.jspecify.annotations.NullMarked;
