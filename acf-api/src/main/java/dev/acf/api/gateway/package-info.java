/**
 * The gateway's extension points, usable without Netty (GW-PIPE-1): the
 * {@link dev.acf.api.gateway.GatewayFilter} pipeline over immutable
 * {@link dev.acf.api.gateway.Exchange}s, routing ({@link dev.acf.api.gateway.RouteResolver}),
 * endpoint choice ({@link dev.acf.api.gateway.LoadBalancer}) and priority classes
 * ({@link dev.acf.api.gateway.QosPolicy}), and hooks on streamed response bodies
 * ({@link dev.acf.api.gateway.StreamListener}, {@link dev.acf.api.gateway.SseParser}).
 */
@NullMarked
package dev.acf.api.gateway;

import org.jspecify.annotations.NullMarked;
