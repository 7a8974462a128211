/**
 * The filter pipeline: the {@link dev.acf.api.gateway.GatewayFilter}s of every stage in their
 * fixed order, run for each request on a bounded set of virtual threads (never on an event
 * loop), the built-in request validation (JSON-RPC 2.0 shape on A2A calls) and the API-4
 * error bodies every refusal carries.
 */
@NullMarked
package dev.acf.gateway.pipeline;

import org.jspecify.annotations.NullMarked;
