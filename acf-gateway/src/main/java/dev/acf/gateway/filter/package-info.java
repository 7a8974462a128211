/**
 * The gateway's built-in security and observability filters, written against the public
 * filter SPI ({@link dev.acf.api.gateway.GatewayFilter}) only: revocation, authentication and
 * authorization (stage {@code SECURITY}); tracing, metrics and audit (stage
 * {@code OBSERVABILITY}). They read transport facts from the
 * {@link dev.acf.gateway.ExchangeAttributes exchange attributes}.
 */
@NullMarked
package dev.acf.gateway.filter;

import org.jspecify.annotations.NullMarked;
